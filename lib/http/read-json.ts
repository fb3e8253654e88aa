/**
 * Reading a JSON request body in a route handler, with a size ceiling counted as the bytes arrive (a chunked body
 * has no Content-Length to trust) and a clear 400 for malformed JSON or broken UTF-8.
 */
import { AppError } from "../errors";
import { parseJsonBody } from "./parse-json-body";

export const MAX_JSON_BYTES = 1_000_000;

/** The 413 for a console body past `maxBytes`, whether declared (server.ts) or counted as it arrives (here). */
export function bodyTooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large", `The request body is larger than ${maxBytes} bytes.`);
}

/**
 * The whole body, refused past `maxBytes`. The stream is left unread rather than cancelled: cancelling destroys
 * the connection before the 413 can be sent (server.ts closes it once the answer is out).
 */
export async function readBodyBytes(req: Request, { maxBytes = MAX_JSON_BYTES }: { maxBytes?: number } = {}): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw bodyTooLarge(maxBytes);
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      reader.releaseLock();
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * A console body: JSON (./parse-json-body.ts) whose text holds no U+0000 — PostgreSQL's text cannot store it, so a
 * name or note with one would fail its statement with a 500 instead of being refused as the bad input it is.
 */
export async function readJson(req: Request, { maxBytes = MAX_JSON_BYTES }: { maxBytes?: number } = {}): Promise<unknown> {
  const raw = await readBodyBytes(req, { maxBytes });
  if (!raw.toString("utf8").trim()) return {};
  const value = parseJsonBody(raw);
  // JSON can only carry U+0000 escaped; the walk runs only for a body with that escape
  if (raw.includes("\\u0000") && holdsNul(value)) throw new AppError("validation_failed", "Text in the request body cannot contain the character U+0000");
  return value;
}

/** Whether a parsed JSON value has U+0000 in a string, key or value (parseJsonBody has bounded its depth). */
function holdsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\0");
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some(holdsNul);
  return Object.entries(value).some(([key, child]) => key.includes("\0") || holdsNul(child));
}
