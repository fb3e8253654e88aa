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
 * Whether a parsed JSON value nests arrays and objects deeper than `limit`. It visits the parsed tree (a node per
 * value, not a step per byte: a 100 KB prompt is one string), recursing at most `limit + 1` calls deep, and stops at
 * the first path too deep.
 */
export function isNestedDeeperThan(value: unknown, limit: number): boolean {
  return value !== null && typeof value === "object" && spansMoreThan(value, limit);
}

/** Whether `node` (an array or object) and what it holds span more than `levels` levels. */
function spansMoreThan(node: object, levels: number): boolean {
  if (levels === 0) return true;
  const children: unknown[] = Array.isArray(node) ? node : Object.values(node);
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (child !== null && typeof child === "object" && spansMoreThan(child, levels - 1)) return true;
  }
  return false;
}

/**
 * Each level of nesting takes an opening and a closing bracket, so a body shorter than this cannot nest deeper than
 * MAX_JSON_DEPTH and its walk is skipped.
 */
const SHORTEST_TOO_DEEP = 2 * (MAX_JSON_DEPTH + 1);

export function parseJsonBody(raw: Buffer): unknown {
  if (!isUtf8(raw)) throw new AppError("invalid_json", "The request body is not valid UTF-8");
  let value: unknown;
  try {
    value = JSON.parse(raw.toString());
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON");
  }
  if (raw.byteLength >= SHORTEST_TOO_DEEP && isNestedDeeperThan(value, MAX_JSON_DEPTH)) {
    throw new AppError("invalid_json", `The request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
  }
  return value;
}
