/**
 * Zod pieces for CLI flags. A flag given without a value arrives as `true`, so string flags refuse booleans
 * with a message that says a value is missing.
 */
import { z } from "zod";
import { MAX_OPERATOR_AMOUNT_MICROS } from "../../lib/admin/constants";
import { formatUsd, readUsdInput, type UsdInputProblem } from "../../lib/money";

export const text = (what: string) =>
  z.union([z.string(), z.literal(true)]).transform((value, ctx) => {
    if (value === true || value.trim() === "") {
      ctx.addIssue({ code: "custom", message: `needs a value (${what})` });
      return z.NEVER;
    }
    return value;
  });

export const switchFlag = z
  .union([z.literal(true), z.enum(["true", "false"])])
  .optional()
  .transform((value) => value === true || value === "true");

/**
 * A USD amount like 20 or 0.5 → micro-units, read as the consoles read typed money (lib/money.ts readUsdInput): at
 * most `max` either way (default the operator console's bound, $1,000,000), at most 6 decimals; `allowNegative` for
 * adjustments.
 */
export const usd = ({ allowNegative = false, allowZero = false, max = MAX_OPERATOR_AMOUNT_MICROS }: { allowNegative?: boolean; allowZero?: boolean; max?: bigint } = {}) =>
  text("an amount in USD, like 20 or 0.50").transform((value, ctx) => {
    const { micros, problem } = readUsdInput(value, { max, isSigned: allowNegative });
    if (problem) {
      ctx.addIssue({ code: "custom", message: AMOUNT_PROBLEMS[problem](value, max) });
      return z.NEVER;
    }
    if (micros === 0n && !allowZero) {
      ctx.addIssue({ code: "custom", message: "must not be zero" });
      return z.NEVER;
    }
    return micros;
  });

const AMOUNT_PROBLEMS: Record<UsdInputProblem, (value: string, max: bigint) => string> = {
  malformed: (value) => `"${value}" is not an amount in USD (like 20 or 0.50)`,
  negative: () => "must not be negative",
  tooLarge: (_, max) => `must be at most ${formatUsd(max)}`,
  tooPrecise: () => "use at most 6 decimals",
};

/** "a,b , c" → ["a", "b", "c"] */
export const list = (what: string) =>
  text(what).transform((value) =>
    value
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean),
  );
