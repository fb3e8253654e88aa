/**
 * Columns of a batch as PostgreSQL array literals (one text parameter per column, unpacked in SQL with
 * `unnest($1::text[], $2::int[], …)`). PostgreSQL reads a batch from arrays with less work than from one json
 * parameter — json_to_recordset tokenises every row's keys and looks each field up by name — and building the
 * literals costs the caller no more than JSON.stringify (bench/request-log.ts, docs/benchmarks.md "Session 18").
 *
 * Text is always quoted (so the string "NULL" stays a string) with `\` and `"` escaped. PostgreSQL's text cannot hold
 * U+0000 (the whole statement would fail, and with it every other row of the batch): it is written as U+FFFD, as a
 * lone UTF-16 surrogate is (pg encodes the parameter as UTF-8, which turns one into U+FFFD).
 */

/** `{1,2,NULL}`: integers, bigints (as bigint or decimal string) and booleans; null and undefined are NULL. */
export function numberArray(values: ReadonlyArray<number | bigint | boolean | null | undefined>): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) out += ",";
    out += value === null || value === undefined ? "NULL" : typeof value === "boolean" ? (value ? "t" : "f") : String(value);
  }
  return out + "}";
}

/** `{"a","b\"c",NULL}`: text (and uuids); null and undefined are NULL. */
export function textArray(values: ReadonlyArray<string | null | undefined>): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) out += ",";
    out += value === null || value === undefined ? "NULL" : `"${NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, escape) : value}"`;
  }
  return out + "}";
}

const NEEDS_ESCAPE = /["\\\0]/;
const ESCAPED = /["\\\0]/g;

function escape(char: string): string {
  return char === "\0" ? "\uFFFD" : `\\${char}`;
}
