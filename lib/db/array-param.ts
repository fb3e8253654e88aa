/**
 * Columns of a batch as PostgreSQL array literals (one text parameter per column, unpacked in SQL with
 * `unnest($1::text[], $2::int[], …)`). PostgreSQL reads a batch from arrays with less work than from one json
 * parameter — json_to_recordset tokenises every row's keys and looks each field up by name — and building the
 * literals costs the caller no more than JSON.stringify (bench/request-log.ts, docs/benchmarks.md "Session 18").
 *
 * Text is always quoted (so the string "NULL" stays a string) with `\` and `"` escaped; a lone UTF-16 surrogate
 * reaches PostgreSQL as U+FFFD, as pg sends any string (it encodes the parameter as UTF-8).
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
    out += value === null || value === undefined ? "NULL" : `"${NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, "\\$&") : value}"`;
  }
  return out + "}";
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;
