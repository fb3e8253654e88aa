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

export async function readJson(req: Request, { maxBytes = MAX_JSON_BYTES }: { maxBytes?: number } = {}): Promise<unknown> {
  const raw = await readBodyBytes(req, { maxBytes });
  if (!raw.toString("utf8").trim()) return {};
  return parseJsonBody(raw);
}
