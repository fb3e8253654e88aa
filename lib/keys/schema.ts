/**
 * Input rules for API keys, shared by the console, the JSON API and the CLI.
 */
import { z } from "zod";
import { parseCidr } from "../net/cidr";
import { parseUsd } from "../money";

export const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

const usdAmount = z
  .union([z.string(), z.number()])
  .transform((value, ctx) => {
    const micros = parseUsd(String(value));
    if (micros === undefined) {
      ctx.addIssue({ code: "custom", message: "Enter an amount in USD with at most 6 decimals" });
      return z.NEVER;
    }
    if (micros < 0n) {
      ctx.addIssue({ code: "custom", message: "The amount cannot be negative" });
      return z.NEVER;
    }
    return micros;
  });

export const keyLimitsSchema = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(64, "At most 64 characters"),
  /** USD; 0 = unlimited */
  creditCap: usdAmount.default(0n),
  allowedModels: z
    .array(z.string().trim().regex(MODEL_ID, "Not a valid model id"))
    .max(200, "At most 200 models")
    .default([])
    .transform((models) => [...new Set(models)]),
  allowedIps: z
    .array(z.string().trim().refine((v) => parseCidr(v) !== undefined, { message: "Not a valid IP address or CIDR range" }))
    .max(100, "At most 100 ranges")
    .default([]),
  expiresAt: z.coerce
    .date({ message: "Not a valid date" })
    .nullable()
    .default(null)
    .refine((d) => d === null || d.getTime() > Date.now(), { message: "The expiry must be in the future" }),
  rpmLimit: z.number().int().min(1, "At least 1").max(1_000_000).nullable().default(null),
  concurrencyLimit: z.number().int().min(1, "At least 1").max(10_000).default(100),
});

export type KeyLimitsInput = z.input<typeof keyLimitsSchema>;
export type KeyLimits = z.output<typeof keyLimitsSchema>;
