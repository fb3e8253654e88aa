/** Revoke a pending invitation of this organization; its link stops working at once. */
import "server-only";
import type { AuditActor } from "../../audit/record-audit";
import { inTransaction } from "../../billing/ledger";
import { sql } from "../../db";
import { AppError } from "../../errors";
import { isUuid } from "../../keys/owned-key";
import type { OrgAccess } from "../org-access";
import { auditOrgWithin } from "../org-audit";
import { orgErrors } from "../org-errors";

export async function revokeInvitation({ access, invitationId, actor, locale }: { access: OrgAccess; invitationId: string; actor: AuditActor; locale?: string | null }): Promise<void> {
  const t = orgErrors(locale);
  if (!isUuid(invitationId)) throw new AppError("not_found", t("invitationNotFound"));
  await inTransaction(async (client) => {
    const { rows } = await sql<{ email: string | null; revoked_at: Date | null }>(
      `select email, revoked_at from invitations where id = $1 and org_id = $2 for update`,
      [invitationId, access.orgId],
      client,
    );
    if (!rows[0]) throw new AppError("not_found", t("invitationNotFound"));
    if (rows[0].revoked_at) return;
    await sql(`update invitations set revoked_at = now() where id = $1`, [invitationId], client);
    await auditOrgWithin(client, { actor, orgId: access.orgId, action: "invitation.revoke", targetType: "invitation", targetId: invitationId, details: { email: rows[0].email } });
  });
}
