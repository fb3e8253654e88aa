/**
 * A batch sent to PostgreSQL as ONE json text parameter (unpacked in SQL with json_to_recordset): one native
 * JSON.stringify instead of pg escaping every element of every array parameter in JavaScript.
 */

/**
 * JSON text that PostgreSQL reads back as pg would have sent the strings. JSON.stringify writes a lone UTF-16
 * surrogate as a \udXXX escape and U+0000 as \u0000, both of which PostgreSQL refuses in text and jsonb (failing the
 * whole batch); pg sends a lone surrogate as UTF-8 with U+FFFD in its place, and this writes both as U+FFFD. The check
 * is a substring test: only text that has such an escape (or a backslash before "ud" or "u0000") is serialised a
 * second time.
 */
export function jsonParam(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes("\\ud") || json.includes("\\u0000") ? JSON.stringify(value, wellFormed) : json;
}

/** In unicode mode \p{Cs} matches only unpaired surrogates: a pair is one code point, not a surrogate. */
const NOT_TEXT = /\p{Cs}|\0/gu;

function wellFormed(_key: string, value: unknown): unknown {
  return typeof value === "string" ? value.replace(NOT_TEXT, "\uFFFD") : value;
}
