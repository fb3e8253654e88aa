/**
 * A batch sent to PostgreSQL as ONE json text parameter (unpacked in SQL with json_to_recordset): one native
 * JSON.stringify instead of pg escaping every element of every array parameter in JavaScript.
 */

/**
 * JSON text that PostgreSQL reads back exactly as pg would have sent the strings. JSON.stringify writes a lone
 * UTF-16 surrogate as a \udXXX escape, which PostgreSQL refuses (failing the whole batch); pg sends such a string
 * as UTF-8 with U+FFFD in its place, and so does this. The check is a substring test: only text that has such an
 * escape (or a backslash before "ud") is serialised a second time.
 */
export function jsonParam(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes("\\ud") ? JSON.stringify(value, wellFormed) : json;
}

/** In unicode mode \p{Cs} matches only unpaired surrogates: a pair is one code point, not a surrogate. */
const LONE_SURROGATE = /\p{Cs}/gu;

function wellFormed(_key: string, value: unknown): unknown {
  return typeof value === "string" ? value.replace(LONE_SURROGATE, "\uFFFD") : value;
}
