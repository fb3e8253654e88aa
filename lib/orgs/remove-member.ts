/**
 * Remove a member (or leave an organization): the membership ends and every org key of that person is disabled
 * at once, on every instance (the relay also refuses keys of removed members, whatever the cache says). The owner
 * can be neither removed nor leave: ownership is transferred first.
 */
import "server-only";
import type { AuditActor } from "../audit/record-audit";
import { inTransaction } from "../billing/ledger";
import { sql } from "../db";
import { AppError } from "../errors";
import { invalidateKey } from "../keys/cache";
import { isUuid } from "../keys/owned-key";
import type { OrgAccess } from "./org-access";
import { auditOrgWithin } from "./org-audit";
import { orgErrors } from "./org-errors";
import { disableOrgKeysWithin, evictOrgKeys } from "./org-keys-cache";
import type { OrgRole } from "./roles";

async function endMembership({
  orgId,
  membershipId,
  actor,
  action,
  locale,
}: {
  orgId: string;
  membershipId: string;
  actor: AuditActor;
  action: "member.remove" | "member.leave";
  locale?: string | null;
}): Promise<void> {
  const t = orgErrors(locale);
  if (!isUuid(membershipId)) throw new AppError("not_found", t("memberNotFound"));
  const result = await inTransaction(async (client) => {
    const { rows } = await sql<{ user_id: string; role: OrgRole; email: string }>(
      `select m.user_id, m.role, u.email from memberships m join users u on u.id = m.user_id
        where m.id = $1 and m.org_id = $2 and m.removed_at is null for update of m`,
      [membershipId, orgId],
      client,
    );
    const target = rows[0];
    if (!target) throw new AppError("not_found", t("memberNotFound"));
    if (target.role === "owner") throw new AppError("forbidden", t(action === "member.leave" ? "ownerCannotLeave" : "ownerCannotBeRemoved"));
    await sql(`update memberships set removed_at = now() where id = $1`, [membershipId], client);
    const disabledIds = await disableOrgKeysWithin(client, { orgId, userId: target.user_id });
    await auditOrgWithin(client, {
      actor,
      orgId,
      action,
      targetType: "membership",
      targetId: membershipId,
      details: { email: target.email, role: target.role, keysDisabled: disabledIds.length },
    });
    return { userId: target.user_id, disabledIds };
  });
  for (const id of result.disabledIds) invalidateKey(id);
  await evictOrgKeys({ orgId, userId: result.userId });
}

export async function removeMember({ access, membershipId, actor, locale }: { access: OrgAccess; membershipId: string; actor: AuditActor; locale?: string | null }): Promise<void> {
  await endMembership({ orgId: access.orgId, membershipId, actor, action: "member.remove", locale });
}

export async function leaveOrganization({ access, actor, locale }: { access: OrgAccess; actor: AuditActor; locale?: string | null }): Promise<void> {
  await endMembership({ orgId: access.orgId, membershipId: access.membershipId, actor, action: "member.leave", locale });
}
