/**
 * Zod pieces for CLI flags. A flag given without a value arrives as `true`, so string flags refuse booleans
 * with a message that says a value is missing.
 */
import { z } from "zod";
import { parseUsd } from "../../lib/money";

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

/** A USD amount like 20 or 0.5 → micro-units; `allowNegative` for adjustments. */
export const usd = ({ allowNegative = false, allowZero = false }: { allowNegative?: boolean; allowZero?: boolean } = {}) =>
  text("an amount in USD, like 20 or 0.50").transform((value, ctx) => {
    const trimmed = value.trim();
    const isNegative = trimmed.startsWith("-");
    const micros = parseUsd(isNegative ? trimmed.slice(1) : trimmed);
    if (micros === undefined) {
      ctx.addIssue({ code: "custom", message: `"${value}" is not an amount in USD (like 20 or 0.50, at most 6 decimals)` });
      return z.NEVER;
    }
    if (isNegative && !allowNegative) {
      ctx.addIssue({ code: "custom", message: "must not be negative" });
      return z.NEVER;
    }
    if (micros === 0n && !allowZero) {
      ctx.addIssue({ code: "custom", message: "must not be zero" });
      return z.NEVER;
    }
    return isNegative ? -micros : micros;
  });

/** "a,b , c" → ["a", "b", "c"] */
export const list = (what: string) =>
  text(what).transform((value) =>
    value
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean),
  );
