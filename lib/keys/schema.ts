/**
 * Input rules for API keys, shared by the console, the JSON API and the CLI. Messages come from the `keys.errors`
 * catalog in the caller's language (`keyLimitsSchemaFor(locale)`); `keyLimitsSchema` speaks English.
 */
import { z } from "zod";
import { translator, type Translate } from "../../i18n/translator";
import { parseCidr } from "../net/cidr";
import { formatUsd, MICROS_PER_UNIT, readUsdInput, USD_INPUT_MESSAGE_KEYS } from "../money";
import { MODEL_ID } from "./model-id";

export { MODEL_ID };
export const KEY_NAME_MAX = 64;
export const MAX_ALLOWED_MODELS = 200;
export const MAX_ALLOWED_IPS = 100;

/** The largest credit cap one can set: $1,000,000. */
export const MAX_CREDIT_CAP_MICROS = 1_000_000n * MICROS_PER_UNIT;

function usdAmount(t: Translate) {
  return z.union([z.string(), z.number()]).transform((value, ctx) => {
    const { micros, problem } = readUsdInput(value, { max: MAX_CREDIT_CAP_MICROS });
    if (problem) {
      ctx.addIssue({ code: "custom", message: t(USD_INPUT_MESSAGE_KEYS[problem], { max: formatUsd(MAX_CREDIT_CAP_MICROS) }) });
      return z.NEVER;
    }
    return micros;
  });
}

export function keyLimitsSchemaWith(t: Translate) {
  const wholeNumber = (max: number) =>
    z.number({ error: t("wholeNumber") }).int({ error: t("wholeNumber") }).min(1, { error: t("atLeastOne") }).max(max, { error: t("tooLarge", { max }) });
  return z.object({
    name: z
      .string({ error: t("nameRequired") })
      .trim()
      .min(1, { error: t("nameRequired") })
      .max(KEY_NAME_MAX, { error: t("nameTooLong") }),
    /** USD; 0 = unlimited */
    creditCap: usdAmount(t).default(0n),
    allowedModels: z
      .array(z.string().trim().regex(MODEL_ID, { error: t("modelInvalid") }))
      .max(MAX_ALLOWED_MODELS, { error: t("tooManyModels") })
      .default([])
      .transform((models) => [...new Set(models)]),
    allowedIps: z
      .array(
        z
          .string()
          .trim()
          .superRefine((value, ctx) => {
            if (parseCidr(value) === undefined) ctx.addIssue({ code: "custom", message: t("ipInvalid", { value: value.slice(0, 64) }) });
          }),
      )
      .max(MAX_ALLOWED_IPS, { error: t("tooManyIps") })
      .default([]),
    expiresAt: z.coerce
      .date({ error: t("dateInvalid") })
      .nullable()
      .default(null)
      .refine((d) => d === null || d.getTime() > Date.now(), { error: t("expiryPast") }),
    rpmLimit: wholeNumber(1_000_000).nullable().default(null),
    concurrencyLimit: wholeNumber(10_000).default(100),
  });
}

const schemas = new Map<string, ReturnType<typeof keyLimitsSchemaWith>>();

/** The key schema with messages in `locale` (English when unknown). */
export function keyLimitsSchemaFor(locale?: string | null): ReturnType<typeof keyLimitsSchemaWith> {
  const cacheKey = locale ?? "en";
  let schema = schemas.get(cacheKey);
  if (!schema) {
    schema = keyLimitsSchemaWith(translator({ locale, namespace: "keys.errors" }));
    schemas.set(cacheKey, schema);
  }
  return schema;
}

export const keyLimitsSchema = keyLimitsSchemaFor("en");

export type KeyLimitsInput = z.input<typeof keyLimitsSchema>;
export type KeyLimits = z.output<typeof keyLimitsSchema>;
