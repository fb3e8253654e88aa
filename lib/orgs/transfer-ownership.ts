/**
 * Hand the organization to another member: they become the owner, the previous owner becomes an admin. Only the
 * owner can do it (permission org.transfer); the target must be an active member of the same organization.
 */
import "server-only";
import type { AuditActor } from "../audit/record-audit";
import { inTransaction } from "../billing/ledger";
import { sql } from "../db";
import { AppError, fromZodError } from "../errors";
import type { OrgAccess } from "./org-access";
import { auditOrgWithin } from "./org-audit";
import { orgErrors } from "./org-errors";
import { evictOrgKeys } from "./org-keys-cache";
import { orgSchemas } from "./schemas";

export async function transferOwnership({ access, input, actor, locale }: { access: OrgAccess; input: unknown; actor: AuditActor; locale?: string | null }): Promise<void> {
  const t = orgErrors(locale);
  const parsed = orgSchemas(locale).transfer.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { membershipId } = parsed.data;
  if (membershipId === access.membershipId) throw new AppError("conflict", t("alreadyOwner"));
  await inTransaction(async (client) => {
    const { rows } = await sql<{ id: string; role: string }>(
      `select id, role from memberships where org_id = $1 and removed_at is null and id = any($2::uuid[]) for update`,
      [access.orgId, [membershipId, access.membershipId]],
      client,
    );
    const target = rows.find((row) => row.id === membershipId);
    const current = rows.find((row) => row.id === access.membershipId);
    if (!target) throw new AppError("not_found", t("memberNotFound"));
    if (current?.role !== "owner") throw new AppError("forbidden", t("roleCannot", { role: current?.role ?? access.role }));
    await sql(`update memberships set role = 'admin' where id = $1`, [access.membershipId], client);
    await sql(`update memberships set role = 'owner' where id = $1`, [membershipId], client);
    await auditOrgWithin(client, { actor, orgId: access.orgId, action: "org.transfer", targetType: "membership", targetId: membershipId, details: { from: access.membershipId, previousRole: target.role } });
  });
  await evictOrgKeys({ orgId: access.orgId });
}
