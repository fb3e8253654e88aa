import "server-only";
import type { DataScope } from "../usage/data-scope";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { invalidateKey } from "./cache";
import { updateOwnedKey } from "./owned-key";

/** Enable or disable a key. Disabling takes effect on the next request on every instance (cache eviction). */
export async function setApiKeyEnabled({
  scope,
  keyId,
  isEnabled,
  actor,
}: {
  scope: DataScope;
  keyId: string;
  isEnabled: boolean;
  actor: AuditActor;
}): Promise<void> {
  const key = await updateOwnedKey({ scope, keyId, set: "is_enabled = $3", values: [isEnabled] });
  invalidateKey(key.id);
  await recordAudit({ actor, action: isEnabled ? "key.enable" : "key.disable", targetType: "api_key", targetId: key.id, orgId: key.org_id });
}
