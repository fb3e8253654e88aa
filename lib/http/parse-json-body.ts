/**
 * A request body as JSON: valid UTF-8 first (a body with broken bytes is the client's mistake, a 400, never
 * quietly turned into U+FFFD characters that then reach an upstream or the database), then nested no deeper than
 * MAX_JSON_DEPTH (JSON.parse copes with 100,000 levels, but the code that walks the result recursively — schema
 * validation, token counting, JSON.stringify — would overflow the stack: a 500 for a few hundred kilobytes), checked
 * on the parsed value.
 */
import { isUtf8 } from "node:buffer";
import { AppError } from "../errors";

/** Far beyond any real request (tool schemas nest a dozen levels), far below what a recursive walk survives. */
export const MAX_JSON_DEPTH = 128;

/**
 * Whether a parsed JSON value nests arrays and objects deeper than `limit`. It walks the parsed tree (a node per
 * value, not a step per byte: a 100 KB prompt is one string) with its own stack, and stops at the first path too deep.
 */
export function isNestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: node, depth } = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth + 1 > limit) return true;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) if (child !== null && typeof child === "object") stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}

export function parseJsonBody(raw: Uint8Array): unknown {
  if (!isUtf8(raw)) throw new AppError("invalid_json", "The request body is not valid UTF-8");
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("utf8"));
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON");
  }
  if (isNestedDeeperThan(value, MAX_JSON_DEPTH)) throw new AppError("invalid_json", `The request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
  return value;
}
