/**
 * Request bodies and queries of the operator API (app/api/admin/**). Money is a decimal USD string parsed exactly
 * into micro-units; prices are USD per 1,000,000 tokens.
 */
import { z } from "zod";
import { channelInputSchema, CHANNEL_LIMITS } from "../channels/schema";
import { formatUsd, readUsdInput, type UsdInputProblem } from "../money";
import { AUDIT_AREAS, MAX_OPERATOR_AMOUNT_MICROS } from "./constants";

const AMOUNT_MESSAGES: Record<UsdInputProblem, string> = {
  malformed: "Enter an amount in dollars, e.g. 2.50",
  negative: "The amount cannot be negative",
  tooLarge: `At most ${formatUsd(MAX_OPERATOR_AMOUNT_MICROS)}`,
  tooPrecise: "Use at most 6 decimals",
};

const usdText = ({ isSigned }: { isSigned: boolean }) =>
  z
    .string()
    .trim()
    .transform((text, ctx) => {
      const { micros, problem } = readUsdInput(text, { max: MAX_OPERATOR_AMOUNT_MICROS, isSigned });
      if (problem) {
        ctx.addIssue({ code: "custom", message: AMOUNT_MESSAGES[problem] });
        return z.NEVER;
      }
      return micros;
    });

/** "12.50" → 12_500_000n micro-units; up to 6 decimals (prices per 1M tokens can be fractions of a cent). */
export const usdAmount = usdText({ isSigned: false });

/** A signed amount for balance adjustments: "-5", "20.25". */
export const signedUsdAmount = usdText({ isSigned: true }).refine((micros) => micros !== 0n, "The amount cannot be zero");

const optionalUsd = z.union([usdAmount, z.literal("").transform(() => null), z.null()]).optional();

export const priceBodySchema = z.object({
  inputPerM: usdAmount,
  outputPerM: usdAmount,
  cacheReadPerM: optionalUsd,
  cacheWritePerM: optionalUsd,
  perImage: optionalUsd,
  /** ISO time; default now. A future time schedules the change. */
  effectiveFrom: z.coerce.date().optional(),
});

export const MODALITIES = ["text", "image", "audio", "video", "file"] as const;

export const modelBodySchema = z.object({
  id: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, "A model id is letters, digits and . _ : / -"),
  vendor: z.string().trim().min(1, "Give the vendor").max(40),
  displayName: z.string().trim().max(100).nullable().optional(),
  kind: z.enum(["chat", "embedding", "image"]),
  contextWindow: z.number().int().positive().max(100_000_000),
  maxOutputTokens: z.number().int().min(0).max(100_000_000),
  modalities: z.array(z.enum(MODALITIES)).min(1).max(MODALITIES.length),
  isVisible: z.boolean(),
  /** the "Add model" form: an id already in the catalog is refused rather than overwritten */
  isNew: z.boolean().optional(),
});

export const visibilityBodySchema = z.object({ isVisible: z.boolean() });

export const groupBodySchema = z.object({
  name: z.string().trim().min(1, "Give the group a name").max(64),
  /** ×1.0 = 1_000_000 ppm; between ×0.01 and ×100 */
  multiplierPpm: z.number().int().min(10_000, "At least ×0.01").max(100_000_000, "At most ×100"),
});

export const trialCreditBodySchema = z.object({ amount: usdAmount });

export const adjustBodySchema = z.object({
  amount: signedUsdAmount,
  reason: z.string().trim().min(3, "Give a reason (at least 3 characters)").max(500),
  /** a fresh id per submitted form: a double submit moves money once */
  requestKey: z.string().uuid(),
});

export const customerStatusBodySchema = z.object({ isDisabled: z.boolean(), reason: z.string().trim().max(500).optional() });

export const customerGroupBodySchema = z.object({ group: z.string().trim().min(1).max(64).nullable() });

export const customerSearchSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  before: z
    .string()
    .regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z\|[0-9a-f-]{36}$/i)
    .transform((value) => {
      const [createdAt, id] = value.split("|");
      return { createdAt: new Date(createdAt), id };
    })
    .optional()
    .catch(undefined),
});

export const channelTestBodySchema = z.object({ model: z.string().trim().min(1).max(128).optional(), secretIndex: z.number().int().min(0).max(49).optional() });

/** "Fetch from upstream": a saved channel (its own URL and first secret), or what a channel form holds. */
export const upstreamModelsBodySchema = z.union(
  [
    z.object({ channelId: z.uuid({ error: "channelId is a channel's id" }) }).strict(),
    channelInputSchema.pick({ type: true, baseUrl: true }).extend({
      secret: z.string({ error: "Give the API key to list the models with" }).trim().min(1, "Give the API key to list the models with").max(CHANNEL_LIMITS.secretLength, "A secret is at most 4,096 characters"),
    }),
  ],
  { error: "Give a channelId, or the type, base URL and API key of the channel to list" },
);

export const revenueQuerySchema = z.object({ days: z.coerce.number().pipe(z.union([z.literal(7), z.literal(30), z.literal(90)])).catch(30) });

export const auditAreas = AUDIT_AREAS;
