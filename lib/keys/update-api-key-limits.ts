import "server-only";
import type { DataScope } from "../usage/data-scope";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { fromZodError } from "../errors";
import { invalidateKey } from "./cache";
import { findOwnedKey, updateOwnedKey } from "./owned-key";
import { keyLimitsSchemaFor, type KeyLimitsInput } from "./schema";

/**
 * Replace a key's name and limits (the edit form sends them all). An expiry already in the past may be kept as it
 * is (editing an expired key's cap must not force a new expiry), but a new expiry must be in the future.
 */
export async function updateApiKeyLimits({
  scope,
  keyId,
  input,
  actor,
  locale,
}: {
  scope: DataScope;
  keyId: string;
  input: KeyLimitsInput;
  actor: AuditActor;
  locale?: string | null;
}): Promise<void> {
  const current = await findOwnedKey({ scope, keyId });
  const requested = input.expiresAt ? new Date(input.expiresAt as string | number | Date) : null;
  const isUnchangedExpiry = requested !== null && current.expires_at !== null && requested.getTime() === current.expires_at.getTime();
  const parsed = keyLimitsSchemaFor(locale).safeParse({ ...input, expiresAt: isUnchangedExpiry ? null : input.expiresAt });
  if (!parsed.success) throw fromZodError(parsed.error);
  const limits = { ...parsed.data, expiresAt: isUnchangedExpiry ? current.expires_at : parsed.data.expiresAt };
  await updateOwnedKey({
    scope,
    keyId,
    set: "name = $3, credit_cap = $4, allowed_models = $5, allowed_ips = $6, expires_at = $7, rpm_limit = $8, concurrency_limit = $9",
    values: [
      limits.name,
      limits.creditCap,
      limits.allowedModels,
      limits.allowedIps,
      limits.expiresAt,
      limits.rpmLimit,
      limits.concurrencyLimit,
    ],
  });
  invalidateKey(keyId);
  await recordAudit({
    actor,
    action: "key.update",
    targetType: "api_key",
    targetId: keyId,
    orgId: current.org_id,
    details: { name: limits.name, creditCap: limits.creditCap, allowedModels: limits.allowedModels, allowedIps: limits.allowedIps, expiresAt: limits.expiresAt },
  });
}
