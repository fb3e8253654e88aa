/**
 * Change a member's role or monthly allowance. The owner's membership changes only through a transfer (and the
 * owner's allowance only by the owner); "owner" is never granted here. A member moved to the billing role loses
 * the use of their keys (billing holds no keys). Every change is audited and reaches the relay's key cache at once.
 */
import "server-only";
import type { AuditActor } from "../audit/record-audit";
import { inTransaction } from "../billing/ledger";
import { sql } from "../db";
import { AppError, fromZodError } from "../errors";
import { isUuid } from "../keys/owned-key";
import { invalidateKey } from "../keys/cache";
import { forgetMemberAllowance } from "../relay/member-allowance";
import type { OrgAccess } from "./org-access";
import { auditOrgWithin } from "./org-audit";
import { orgErrors } from "./org-errors";
import { disableOrgKeysWithin, evictOrgKeys } from "./org-keys-cache";
import type { OrgRole } from "./roles";
import { orgSchemas } from "./schemas";

export async function updateMember({
  access,
  membershipId,
  input,
  actor,
  locale,
}: {
  access: OrgAccess;
  membershipId: string;
  input: unknown;
  actor: AuditActor;
  locale?: string | null;
}): Promise<void> {
  const t = orgErrors(locale);
  const parsed = orgSchemas(locale).updateMember.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { role, monthlyAllowance } = parsed.data;
  if (!isUuid(membershipId)) throw new AppError("not_found", t("memberNotFound"));

  const disabled = await inTransaction(async (client) => {
    const { rows } = await sql<{ user_id: string; role: OrgRole; monthly_allowance: bigint }>(
      `select user_id, role, monthly_allowance from memberships where id = $1 and org_id = $2 and removed_at is null for update`,
      [membershipId, access.orgId],
      client,
    );
    const target = rows[0];
    if (!target) throw new AppError("not_found", t("memberNotFound"));
    if (target.role === "owner" && role !== undefined) throw new AppError("forbidden", t("ownerRoleByTransfer"));
    if (target.role === "owner" && access.role !== "owner") throw new AppError("forbidden", t("onlyOwnerChangesOwner"));

    let disabledIds: string[] = [];
    if (role !== undefined && role !== target.role) {
      await sql(`update memberships set role = $2 where id = $1`, [membershipId, role], client);
      if (role === "billing") disabledIds = await disableOrgKeysWithin(client, { orgId: access.orgId, userId: target.user_id });
      await auditOrgWithin(client, {
        actor,
        orgId: access.orgId,
        action: "member.role",
        targetType: "membership",
        targetId: membershipId,
        details: { from: target.role, to: role, keysDisabled: disabledIds.length },
      });
    }
    if (monthlyAllowance !== undefined && monthlyAllowance !== target.monthly_allowance) {
      await sql(`update memberships set monthly_allowance = $2 where id = $1`, [membershipId, monthlyAllowance], client);
      await auditOrgWithin(client, {
        actor,
        orgId: access.orgId,
        action: "member.allowance",
        targetType: "membership",
        targetId: membershipId,
        details: { from: target.monthly_allowance, to: monthlyAllowance },
      });
    }
    return { userId: target.user_id, disabledIds };
  });
  for (const id of disabled.disabledIds) invalidateKey(id);
  // The relay caches keys (with the member's role) and allowances: make it read them again.
  forgetMemberAllowance(membershipId);
  await evictOrgKeys({ orgId: access.orgId, userId: disabled.userId });
}
