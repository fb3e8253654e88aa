/** An organization's invitations, newest first: pending ones, and the recently ended (used, expired, revoked). */
import "server-only";
import { sql } from "../../db";
import { invitationStatus, type InvitationStatus } from "./invitation-status";

export type InvitationSummary = {
  id: string;
  email: string | null;
  role: string;
  maxUses: number;
  uses: number;
  status: InvitationStatus;
  expiresAt: string;
  createdAt: string;
  createdBy: string | null;
};

export async function listInvitations({ orgId, now = new Date() }: { orgId: string; now?: Date }): Promise<InvitationSummary[]> {
  const { rows } = await sql<{
    id: string;
    email: string | null;
    role: string;
    max_uses: number;
    uses: number;
    expires_at: Date;
    revoked_at: Date | null;
    created_at: Date;
    created_by_email: string | null;
  }>(
    `select i.id, i.email, i.role, i.max_uses, i.uses, i.expires_at, i.revoked_at, i.created_at, u.email as created_by_email
       from invitations i left join users u on u.id = i.created_by
      where i.org_id = $1 and i.created_at > $2::timestamptz - interval '30 days'
      order by i.created_at desc, i.id desc
      limit 200`,
    [orgId, now],
  );
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    role: row.role,
    maxUses: row.max_uses,
    uses: row.uses,
    status: invitationStatus({ revokedAt: row.revoked_at, expiresAt: row.expires_at, uses: row.uses, maxUses: row.max_uses, now }),
    expiresAt: row.expires_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by_email,
  }));
}
