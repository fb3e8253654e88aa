/**
 * CSV cells per RFC 4180, guarded against formula injection: a text cell that a spreadsheet would evaluate
 * (starting with = + - @ or a control character) is prefixed with an apostrophe.
 */
const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvText(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Numbers and booleans never need quoting or guarding. */
export function csvPlain(value: number | bigint | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  return String(value);
}

export function csvLine(cells: string[]): string {
  return `${cells.join(",")}\r\n`;
}
