import "server-only";
import type { DataScope } from "../usage/data-scope";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { sql } from "../db";
import { AppError } from "../errors";
import { can } from "../orgs/permissions";
import type { OrgRole } from "../orgs/roles";
import { invalidateKey } from "./cache";
import { isUuid, updateOwnedKey } from "./owned-key";

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
  // An organization key whose holder may not hold keys (a role without keys.own, or no longer a member) stays refused
  // by the relay whatever its flag says: enabling it would show "Active" for a key that cannot work.
  if (isEnabled && scope.kind === "org" && isUuid(keyId)) {
    const { rows } = await sql<{ role: OrgRole | null }>(
      `select m.role from api_keys k left join memberships m on m.org_id = k.org_id and m.user_id = k.user_id and m.removed_at is null
        where k.id = $1 and k.org_id = $2 and k.deleted_at is null`,
      [keyId, scope.orgId],
    );
    if (rows[0] && rows[0].role === null) throw new AppError("conflict", "This key's holder is no longer a member of the organization.");
    if (rows[0]?.role && !can(rows[0].role, "keys.own")) throw new AppError("conflict", "This key's holder has the Billing role, which holds no keys: give them another role first.");
  }
  const key = await updateOwnedKey({ scope, keyId, set: "is_enabled = $3", values: [isEnabled] });
  invalidateKey(key.id);
  await recordAudit({ actor, action: isEnabled ? "key.enable" : "key.disable", targetType: "api_key", targetId: key.id, orgId: key.org_id });
}
