/**
 * A request body as JSON: valid UTF-8 first (a body with broken bytes is the client's mistake, a 400, never
 * quietly turned into U+FFFD characters that then reach an upstream or the database), then nested no deeper than
 * MAX_JSON_DEPTH (JSON.parse copes with 100,000 levels, but the code that walks the result recursively — schema
 * validation, token counting, JSON.stringify — would overflow the stack: a 500 for a few hundred kilobytes), then
 * valid JSON.
 */
import { isUtf8 } from "node:buffer";
import { AppError } from "../errors";

/** Far beyond any real request (tool schemas nest a dozen levels), far below what a recursive walk survives. */
export const MAX_JSON_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/** The deepest nesting of arrays and objects in JSON text (brackets inside strings do not count). */
export function jsonDepth(raw: Uint8Array): number {
  let depth = 0;
  let deepest = 0;
  let isInString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (isInString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) isInString = false;
    } else if (byte === QUOTE) {
      isInString = true;
    } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      depth--;
    }
  }
  return deepest;
}

export function parseJsonBody(raw: Uint8Array): unknown {
  if (!isUtf8(raw)) throw new AppError("invalid_json", "The request body is not valid UTF-8");
  if (jsonDepth(raw) > MAX_JSON_DEPTH) throw new AppError("invalid_json", `The request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("utf8")) as unknown;
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON");
  }
}
