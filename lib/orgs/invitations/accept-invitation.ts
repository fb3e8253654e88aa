/**
 * Reading and accepting an invitation link. `inspectInvitation` tells the invite page what the link is (which
 * organization and role, or why it no longer works) without consuming it; `acceptInvitation` adds the signed-in
 * person with the invited role, exactly once per use, under a row lock so a link with one use left admits one.
 *
 * Refusals carry the reason in `param`: invalid (404), expired | revoked | used (410), wrong_email (403),
 * already_member (409).
 */
import "server-only";
import type { AuditActor } from "../../audit/record-audit";
import { inTransaction } from "../../billing/ledger";
import { sql } from "../../db";
import { AppError, fromZodError } from "../../errors";
import { auditOrgWithin } from "../org-audit";
import { orgErrors } from "../org-errors";
import { orgSchemas } from "../schemas";
import type { OrgRole } from "../roles";
import { invitationStatus } from "./invitation-status";
import { hashInvitationToken, maskEmail } from "./invitation-token";

export type InvitationProblem = "invalid" | "expired" | "revoked" | "used" | "wrong_email" | "already_member";

export type InvitationPreview = {
  orgId: string;
  orgName: string;
  role: OrgRole;
  /** masked address of an email invitation; null for a shareable link */
  maskedEmail: string | null;
  inviter: string | null;
  expiresAt: string;
  /** why it cannot be accepted (for this viewer, when signed in); null when it can */
  problem: InvitationProblem | null;
};

type Row = {
  id: string;
  org_id: string;
  org_name: string;
  org_deleted: boolean;
  email: string | null;
  role: OrgRole;
  max_uses: number;
  uses: number;
  expires_at: Date;
  revoked_at: Date | null;
  inviter: string | null;
};

const SELECT = `select i.id, i.org_id, o.name as org_name, (o.deleted_at is not null) as org_deleted, i.email, i.role, i.max_uses, i.uses,
         i.expires_at, i.revoked_at, coalesce(u.name, u.email) as inviter
    from invitations i join organizations o on o.id = i.org_id left join users u on u.id = i.created_by
   where i.token_hash = $1`;

function problemOf(row: Row, viewer: { id: string; email: string } | null, isMember: boolean): InvitationProblem | null {
  if (row.org_deleted) return "invalid";
  const status = invitationStatus({ revokedAt: row.revoked_at, expiresAt: row.expires_at, uses: row.uses, maxUses: row.max_uses });
  if (status !== "pending") return status;
  if (viewer && isMember) return "already_member";
  if (viewer && row.email && row.email !== viewer.email.toLowerCase()) return "wrong_email";
  return null;
}

function isPlausibleToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{20,100}$/.test(token);
}

async function isActiveMember(orgId: string, userId: string): Promise<boolean> {
  const { rows } = await sql(`select 1 from memberships where org_id = $1 and user_id = $2 and removed_at is null`, [orgId, userId]);
  return rows.length > 0;
}

/** What an invitation link is, for the invite page. Null when no such link exists. */
export async function inspectInvitation({ token, viewer }: { token: string; viewer: { id: string; email: string } | null }): Promise<InvitationPreview | null> {
  if (!isPlausibleToken(token)) return null;
  const { rows } = await sql<Row>(SELECT, [hashInvitationToken(token)]);
  const row = rows[0];
  if (!row) return null;
  const isMember = viewer ? await isActiveMember(row.org_id, viewer.id) : false;
  return {
    orgId: row.org_id,
    orgName: row.org_name,
    role: row.role,
    maskedEmail: row.email ? maskEmail(row.email) : null,
    inviter: row.inviter,
    expiresAt: row.expires_at.toISOString(),
    problem: problemOf(row, viewer, isMember),
  };
}

function refusal(problem: InvitationProblem, locale: string | null | undefined, values: Record<string, string> = {}): AppError {
  const t = orgErrors(locale);
  const code = problem === "invalid" ? "not_found" : problem === "wrong_email" ? "forbidden" : "conflict";
  const status = problem === "expired" || problem === "revoked" || problem === "used" ? 410 : undefined;
  return new AppError(code, t(`invitation.${problem}`, values), { param: problem, status });
}

/** Join the organization with the invited role. Returns the organization joined. */
export async function acceptInvitation({
  input,
  user,
  actor,
  locale,
}: {
  input: unknown;
  user: { id: string; email: string };
  actor: AuditActor;
  locale?: string | null;
}): Promise<{ orgId: string; orgName: string; role: OrgRole; membershipId: string }> {
  const parsed = orgSchemas(locale).acceptInvite.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { token } = parsed.data;
  if (!isPlausibleToken(token)) throw refusal("invalid", locale);
  return inTransaction(async (client) => {
    const { rows } = await sql<Row>(`${SELECT} for update of i`, [hashInvitationToken(token)], client);
    const row = rows[0];
    if (!row) throw refusal("invalid", locale);
    const { rows: existing } = await sql<{ id: string; removed_at: Date | null }>(
      `select id, removed_at from memberships where org_id = $1 and user_id = $2 for update`,
      [row.org_id, user.id],
      client,
    );
    const isMember = existing[0] !== undefined && existing[0].removed_at === null;
    const problem = problemOf(row, user, isMember);
    if (problem) throw refusal(problem, locale, { org: row.org_name, email: row.email ? maskEmail(row.email) : "" });

    let membershipId: string;
    if (existing[0]) {
      // Someone removed earlier comes back with the new role and a fresh (uncapped) allowance; their old keys stay off.
      await sql(`update memberships set role = $2, monthly_allowance = 0, removed_at = null, created_at = now() where id = $1`, [existing[0].id, row.role], client);
      membershipId = existing[0].id;
    } else {
      const inserted = await sql<{ id: string }>(`insert into memberships (org_id, user_id, role) values ($1, $2, $3) returning id`, [row.org_id, user.id, row.role], client);
      membershipId = inserted.rows[0].id;
    }
    await sql(`update invitations set uses = uses + 1 where id = $1`, [row.id], client);
    await auditOrgWithin(client, {
      actor,
      orgId: row.org_id,
      action: "member.join",
      targetType: "membership",
      targetId: membershipId,
      details: { email: user.email, role: row.role, invitationId: row.id },
    });
    return { orgId: row.org_id, orgName: row.org_name, role: row.role, membershipId };
  });
}
