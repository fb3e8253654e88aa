import "server-only";
import type { DataScope } from "../usage/data-scope";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { invalidateKey } from "./cache";
import { updateOwnedKey } from "./owned-key";

/**
 * Delete a key: it stops working at once and leaves the keys list, but the row stays (soft delete) so its usage
 * history, logs and charts keep their key name.
 */
export async function deleteApiKey({ scope, keyId, actor }: { scope: DataScope; keyId: string; actor: AuditActor }): Promise<void> {
  const key = await updateOwnedKey({ scope, keyId, set: "deleted_at = now(), is_enabled = false" });
  invalidateKey(key.id);
  await recordAudit({ actor, action: "key.delete", targetType: "api_key", targetId: key.id, orgId: key.org_id, details: { name: key.name } });
}
