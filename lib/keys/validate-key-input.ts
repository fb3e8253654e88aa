/**
 * Everything wrong with a key form at once, field by field, in the customer's language: the schema's rules plus
 * "that model does not exist here" (an allow-list naming an unknown model would silently block every request).
 */
import "server-only";
import { translator } from "../../i18n/translator";
import { listPricedModels } from "../billing/pricing";
import { AppError } from "../errors";
import { keyLimitsSchemaFor, type KeyLimits, type KeyLimitsInput } from "./schema";

export async function validateKeyInput({
  input,
  locale,
  keepExpiry = null,
}: {
  input: KeyLimitsInput;
  locale?: string | null;
  /** an expiry already on the key, accepted even if it has passed */
  keepExpiry?: Date | null;
}): Promise<KeyLimits> {
  const t = translator({ locale, namespace: "keys.errors" });
  const requested = input.expiresAt ? new Date(input.expiresAt as string | number | Date) : null;
  const isKept = requested !== null && keepExpiry !== null && requested.getTime() === keepExpiry.getTime();
  const parsed = keyLimitsSchemaFor(locale).safeParse({ ...input, expiresAt: isKept ? null : input.expiresAt });
  const fieldErrors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fieldErrors[issue.path.join(".") || "_"] ??= issue.message;
  }
  const models = Array.isArray(input.allowedModels) ? input.allowedModels : [];
  if (models.length > 0) {
    const known = new Set((await listPricedModels()).map((model) => model.id));
    models.forEach((model, index) => {
      const id = typeof model === "string" ? model.trim() : "";
      if (id && !known.has(id)) fieldErrors[`allowedModels.${index}`] ??= t("modelUnknown", { model: id.slice(0, 64) });
    });
  }
  const fields = Object.keys(fieldErrors);
  if (fields.length > 0 || !parsed.success) {
    const first = fields[0];
    throw new AppError("validation_failed", `${first}: ${fieldErrors[first]}`, { param: first, fieldErrors });
  }
  return { ...parsed.data, expiresAt: isKept ? keepExpiry : parsed.data.expiresAt };
}
