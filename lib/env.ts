/**
 * Environment, parsed once with zod. Every setting the app reads comes through here.
 */
import { z } from "zod";

const boolish = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** Public origin of the site, used in e-mails and code snippets. */
  APP_URL: z.string().url().optional(),
  DATABASE_URL: z.string().min(1).optional(),
  /** Where the embedded PostgreSQL keeps its data when DATABASE_URL is not set. */
  DATA_DIR: z.string().default(".data"),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  REDIS_URL: z.string().min(1).optional(),
  /** Prefix of every Redis key and pub/sub channel, so several deployments (or test runs) can share one Redis. */
  REDIS_PREFIX: z.string().min(1).default("switchyard:"),
  /**
   * Where ledger holds are reserved: `memory` (the hot path, one instance per wallet), `durable` (rows in
   * PostgreSQL, correct across instances), or `auto`: durable when REDIS_URL says this is a cluster.
   */
  HOLDS_ENGINE: z.enum(["auto", "memory", "durable"]).default("auto"),
  /**
   * How long the ledger hot path lets a settlement wait for company before committing it, in ms, unless 16 awaited
   * (or 64 background) settlements are queued (0: commit at once). Every commit costs PostgreSQL about a millisecond
   * of CPU, so light traffic is batched too.
   * A settlement is acknowledged only once committed either way; the relay settles after its response has ended.
   */
  LEDGER_SETTLE_WINDOW_MS: z.coerce.number().int().min(0).max(50).default(20),
  /** How long a relay request's hold lives unsettled before the sweeper releases it (ms); short only for crash tests */
  HOLD_TTL_MS: z.coerce.number().int().positive().default(15 * 60_000),
  /** How often the cluster job expires durable holds past their expiry (those of a crashed instance), in ms */
  HOLD_SWEEP_EVERY_MS: z.coerce.number().int().positive().default(30_000),
  /** Secret for session tokens and for encrypting upstream secrets at rest. Generated into DATA_DIR when absent. */
  AUTH_SECRET: z.string().min(32).optional(),
  ADMIN_EMAIL: z.string().email().optional(),
  /** Optional OAuth sign-in: each provider appears on the sign-in page only when both of its variables are set. */
  GITHUB_CLIENT_ID: z.string().min(1).optional(),
  GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  SMTP_URL: z.string().min(1).optional(),
  MAIL_FROM: z.string().default("Switchyard <no-reply@switchyard.local>"),
  TRIAL_CREDIT_USD: z.string().regex(/^\d+(\.\d{1,6})?$/).default("1.00"),
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  STRIPE_API_BASE: z.string().url().optional(),
  METRICS_TOKEN: z.string().min(1).optional(),
  TRUSTED_PROXIES: z.string().default(""),
  ALLOW_LOCAL_UPSTREAMS: boolish,
  /** Largest relay request body, in MB; bigger bodies get 413 before they are read */
  RELAY_MAX_BODY_MB: z.coerce.number().positive().max(1024).default(10),
  /** A relay request body that sends nothing for this long is refused (408): slow-loris bodies hold no slot */
  RELAY_BODY_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Every request's headers must arrive within this (Node's server.headersTimeout); 408 otherwise */
  SERVER_HEADERS_TIMEOUT_MS: z.coerce.number().int().positive().default(66_000),
  /** Every request (headers and body, not the response) must arrive within this (server.requestTimeout) */
  SERVER_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(300_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** The parsed environment. Throws one readable error listing every bad variable. */
export function env(): Env {
  if (cached) return cached;
  // An empty variable means "not set" (so `DATABASE_URL= npm start` falls back to the embedded database).
  const raw = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** Re-read the environment (after bootstrap sets DATABASE_URL, or in tests). */
export function resetEnv(): void {
  cached = undefined;
}
