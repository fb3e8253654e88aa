/**
 * Structured JSON logs (pino). Never log secrets or prompt text: the redaction list below is a last line of
 * defence, not a licence to pass request bodies or headers to the logger.
 */
import pino, { type Logger } from "pino";
import { env } from "./env";
import { singleton } from "./singleton";

const REDACT = [
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers['x-api-key']",
  "*.apiKey",
  "*.secret",
  "*.secrets",
  "*.password",
  "*.passwordHash",
  "*.token",
  "messages",
  "*.messages",
  "prompt",
  "*.prompt",
  "input",
  "*.input",
];

export function logger(): Logger {
  return singleton("logger", () =>
    pino({
      level: process.env.NODE_ENV === "test" && !process.env.LOG_LEVEL ? "silent" : env().LOG_LEVEL,
      base: { service: "switchyard" },
      redact: { paths: REDACT, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    }),
  );
}
