/**
 * Writing answers: JSON bodies, errors in the caller's dialect (with the request id and any retry-after header),
 * and the error event that ends a broken stream in the caller's protocol.
 */
import { type AppError, errorBody } from "../errors";
import type { ClientProtocol } from "./bridges";
import type { Dialect } from "./endpoints/types";
import type { RelayResponse } from "./exchange";
import { formatSse } from "./sse/sse-parser";

export const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "x-request-id, retry-after",
};

export function sendJson({ res, status, body, requestId, headers }: { res: RelayResponse; status: number; body: string | Buffer; requestId: string; headers?: Record<string, string> }): void {
  // with its length declared the body leaves as it is, not as one chunk of a chunked body the client must unframe
  const length = typeof body === "string" ? Buffer.byteLength(body) : body.length;
  res.writeHead(status, { "content-type": "application/json", "content-length": String(length), "x-request-id": requestId, ...CORS_HEADERS, ...headers });
  res.end(body);
}

export function sendError({ res, error, dialect, requestId }: { res: RelayResponse; error: AppError; dialect: Dialect; requestId: string }): void {
  if (res.isHeadersSent || res.isClientGone) return;
  sendJson({ res, status: error.status, body: JSON.stringify(errorBody(error, dialect)), requestId, headers: error.headers });
}

/** The event that tells a streaming client its stream broke (never a clean end). */
export function streamErrorEvent({ protocol, error, sequence }: { protocol: ClientProtocol; error: AppError; sequence: number }): string {
  if (protocol === "messages") {
    return formatSse({ event: "error", data: JSON.stringify(errorBody(error, "anthropic")) });
  }
  if (protocol === "responses") {
    return formatSse({
      event: "error",
      data: JSON.stringify({ type: "error", code: error.code, message: error.message, param: null, sequence_number: sequence }),
    });
  }
  return formatSse({ data: JSON.stringify(errorBody(error, "openai")) });
}

const SECRET_LIKE = /\b(sk|rk|pk|key|AIza)[-_A-Za-z0-9]{12,}/g;

/** An upstream's message made safe to show a client: no secret of the channel, nothing that looks like a key. */
export function scrubMessage(message: string, secrets: readonly string[]): string {
  let text = message;
  for (const secret of secrets) if (secret.length >= 6) text = text.split(secret).join("[redacted]");
  return text.replace(SECRET_LIKE, "[redacted]").slice(0, 500);
}
