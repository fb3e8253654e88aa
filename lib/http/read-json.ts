/**
 * Reading a JSON request body in a route handler, with a size ceiling and a clear 400 for malformed JSON.
 */
import { AppError } from "../errors";

export const MAX_JSON_BYTES = 1_000_000;

export async function readJson(req: Request, { maxBytes = MAX_JSON_BYTES }: { maxBytes?: number } = {}): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("payload_too_large", `The request body is larger than ${maxBytes} bytes.`);
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) throw new AppError("payload_too_large", `The request body is larger than ${maxBytes} bytes.`);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
}
