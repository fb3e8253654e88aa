/**
 * Invite people to an organization, by email (one person, one use, a message with the link) or by a shareable link
 * (anyone holding it, up to a number of uses). Either way the token is shown only in the link; the database keeps
 * its hash. Inviting an address again replaces its pending invitation; inviting a current member is refused.
 */
import "server-only";
import type { AuditActor } from "../../audit/record-audit";
import { inTransaction } from "../../billing/ledger";
import { sql } from "../../db";
import { AppError, fromZodError } from "../../errors";
import { renderMailHtml } from "../../mail/render-mail";
import { sendMail } from "../../mail/send-mail";
import { translator } from "@/i18n/translator";
import type { OrgAccess } from "../org-access";
import { auditOrgWithin } from "../org-audit";
import { orgErrors } from "../org-errors";
import { INVITE_DEFAULT_DAYS, orgSchemas } from "../schemas";
import { hashInvitationToken, invitationLink, newInvitationToken } from "./invitation-token";

export type CreatedInvitation = { id: string; url: string; email: string | null; role: string; maxUses: number; expiresAt: string };

const DAY_MS = 86_400_000;

export async function createInvitation({
  access,
  input,
  inviter,
  baseUrl,
  actor,
  locale,
}: {
  access: OrgAccess;
  input: unknown;
  inviter: { email: string; name: string | null };
  baseUrl: string;
  actor: AuditActor;
  locale?: string | null;
}): Promise<CreatedInvitation> {
  const t = orgErrors(locale);
  const parsed = orgSchemas(locale).invite.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const body = parsed.data;
  const email = body.kind === "email" ? body.email : null;
  const maxUses = body.kind === "link" ? body.maxUses : 1;
  const expiresAt = new Date(Date.now() + (body.expiresInDays ?? INVITE_DEFAULT_DAYS) * DAY_MS);
  const token = newInvitationToken();

  const id = await inTransaction(async (client) => {
    if (email) {
      const { rows } = await sql(
        `select 1 from memberships m join users u on u.id = m.user_id where m.org_id = $1 and m.removed_at is null and u.email = $2`,
        [access.orgId, email],
        client,
      );
      if (rows.length > 0) throw new AppError("conflict", t("alreadyMemberEmail", { email }), { fieldErrors: { email: t("alreadyMemberEmail", { email }) } });
      // One live invitation per address: a new one replaces the old (a "resend").
      await sql(
        `update invitations set revoked_at = now() where org_id = $1 and email = $2 and revoked_at is null and uses < max_uses and expires_at > now()`,
        [access.orgId, email],
        client,
      );
    }
    const { rows } = await sql<{ id: string }>(
      `insert into invitations (org_id, email, role, token_hash, max_uses, expires_at, created_by) values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [access.orgId, email, body.role, hashInvitationToken(token), maxUses, expiresAt, access.userId],
      client,
    );
    await auditOrgWithin(client, {
      actor,
      orgId: access.orgId,
      action: "invitation.create",
      targetType: "invitation",
      targetId: rows[0].id,
      details: { kind: body.kind, email, role: body.role, maxUses, expiresAt: expiresAt.toISOString() },
    });
    return rows[0].id;
  });

  const url = invitationLink({ baseUrl, token });
  if (email) {
    const m = translator({ locale, namespace: "mail" });
    const who = inviter.name ? `${inviter.name} (${inviter.email})` : inviter.email;
    const role = translator({ locale, namespace: "orgs" })(`roles.${body.role}`);
    const paragraphs = [m("greeting"), m("invitation.intro", { inviter: who, org: access.orgName, role })];
    const footer = [m("invitation.expiry", { date: expiresAt.toISOString().slice(0, 10) }), m("invitation.ignore"), m("signature")];
    await sendMail({
      to: email,
      subject: m("invitation.subject", { org: access.orgName }),
      kind: "invitation",
      text: [...paragraphs, `${m("invitation.action")}: ${url}`, ...footer].join("\n\n"),
      html: renderMailHtml({ paragraphs, action: { label: m("invitation.action"), url }, footer }),
    });
  }
  return { id, url, email, role: body.role, maxUses, expiresAt: expiresAt.toISOString() };
}
