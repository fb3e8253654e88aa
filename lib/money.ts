/**
 * Money is integer micro-units (1 unit = 10⁻⁶ of the site currency, USD by default), carried as bigint.
 * Parsing and formatting are exact decimal string operations; no floating point touches an amount.
 */
export type Micros = bigint & { readonly __brand?: "Micros" };

export const MICROS_PER_UNIT = 1_000_000n;

const DECIMAL = /^(-)?(\d{1,12})(?:\.(\d{1,6}))?$/;

/** "12.5" → 12_500_000n. Accepts at most 6 decimals; returns undefined for anything else. */
export function parseUsd(text: string): Micros | undefined {
  const match = DECIMAL.exec(text.trim());
  if (!match) return undefined;
  const [, sign, whole, fraction = ""] = match;
  const value = BigInt(whole) * MICROS_PER_UNIT + BigInt(fraction.padEnd(6, "0"));
  return sign ? -value : value;
}

/** Why typed money text was refused; each has its own message, so "too large" never reads as "malformed". */
export type UsdInputProblem = "malformed" | "negative" | "tooLarge" | "tooPrecise";

/** The message key of each problem, in the catalogs that word them (keys, settings). */
export const USD_INPUT_MESSAGE_KEYS = { malformed: "amountInvalid", negative: "amountNegative", tooLarge: "amountTooLarge", tooPrecise: "amountTooPrecise" } as const satisfies Record<UsdInputProblem, string>;

export type UsdInput = { micros: Micros; problem?: undefined } | { micros?: undefined; problem: UsdInputProblem };

// a plain decimal, or (for a JSON number only) the exponent form String() gives it ("1e+21", "1e-7")
const DECIMAL_INPUT = /^([-+])?(\d*)(?:\.(\d*))?(?:e([-+]?\d{1,6}))?$/i;

/**
 * Read money exactly, against an upper bound (and, unless `isSigned`, zero as the lower one): "2.50" → 2_500_000n;
 * "1.0000001" → tooPrecise. Typed text is a plain decimal ("1e3" is malformed: nobody means $1,000 by it, and an
 * operator's typo must not move money); a JSON number may come in exponent form (1e21 → tooLarge, 1e-7 → tooPrecise).
 */
export function readUsdInput(input: string | number, { max, isSigned = false }: { max: bigint; isSigned?: boolean }): UsdInput {
  const isNumber = typeof input === "number";
  if (isNumber && !Number.isFinite(input)) return { problem: "malformed" };
  const match = DECIMAL_INPUT.exec(isNumber ? String(input) : input.trim().replace(/^\$/, ""));
  if (!match || (!isNumber && match[4] !== undefined)) return { problem: "malformed" };
  const [, sign, whole = "", fraction = "", exponentText = "0"] = match;
  if (whole === "" && fraction === "") return { problem: "malformed" };
  const isNegative = sign === "-";
  const digits = `${whole}${fraction}`.replace(/^0+/, "");
  if (isNegative && !isSigned && digits !== "") return { problem: "negative" };
  if (digits === "") return { micros: 0n };
  // the value is digits × 10^(exponent − fraction.length); in micro-units, × 10^6 more
  const shift = Number(exponentText) - fraction.length + 6;
  const magnitude = digits.length + shift; // how many digits the whole number of micro-units has
  if (magnitude > max.toString().length + 1) return { problem: "tooLarge" };
  const kept = digits.length + shift;
  const micros = shift >= 0 ? BigInt(digits) * 10n ** BigInt(shift) : kept > 0 ? BigInt(digits.slice(0, kept)) : 0n;
  const isTooPrecise = shift < 0 && !/^0*$/.test(digits.slice(Math.max(kept, 0)));
  if (micros > max || (micros === max && isTooPrecise)) return { problem: "tooLarge" };
  if (isTooPrecise) return { problem: "tooPrecise" };
  return { micros: isNegative ? -micros : micros };
}

/** 12_500_000n → "12.500000" (fixed 6 decimals, for CSV and the CLI). */
export function formatUsdExact(micros: Micros | bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const whole = abs / MICROS_PER_UNIT;
  const fraction = (abs % MICROS_PER_UNIT).toString().padStart(6, "0");
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

/** 12_500_000n → "$12.50"; keeps up to 6 decimals when cents would hide a non-zero amount. */
export function formatUsd(micros: Micros | bigint, { minDecimals = 2 }: { minDecimals?: number } = {}): string {
  const exact = formatUsdExact(micros);
  const negative = exact.startsWith("-");
  const [whole, fraction] = (negative ? exact.slice(1) : exact).split(".");
  let trimmed = fraction.replace(/0+$/, "");
  if (trimmed.length < minDecimals) trimmed = trimmed.padEnd(minDecimals, "0");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}$${grouped}${trimmed ? `.${trimmed}` : ""}`;
}

/**
 * A chart axis tick (a position on a float scale of dollars, not an amount): every decimal down to the micro-unit
 * below $1,000, so the ticks of a fraction-of-a-cent chart read "$0.0005", not "$0"; compact from $1,000 up.
 */
export function formatUsdTick(dollars: number, formatCompact: (value: number) => string): string {
  if (Math.abs(dollars) >= 1000) return `${dollars < 0 ? "-" : ""}$${formatCompact(Math.abs(dollars))}`;
  return formatUsd(BigInt(Math.round(dollars * 1e6)), { minDecimals: 0 });
}

/** Integer division rounding up (costs are rounded once per request, up, in the house's favour by < 1 micro). */
export function divCeil(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError("denominator must be positive");
  if (numerator <= 0n) return -(-numerator / denominator);
  return (numerator + denominator - 1n) / denominator;
}
