/**
 * Invitation edge cases: the link's token is stored only as a hash; email invitations go through the mail outbox;
 * expired, revoked, used-up, wrong-email and already-a-member links are refused with a clear reason and change
 * nothing; a link with N uses admits exactly N people even when they race.
 */
import { describe, expect, it } from "vitest";
import { sql } from "../../lib/db";
import { acceptInvitation, inspectInvitation } from "../../lib/orgs/invitations/accept-invitation";
import { createInvitation } from "../../lib/orgs/invitations/create-invitation";
import { hashInvitationToken } from "../../lib/orgs/invitations/invitation-token";
import { listInvitations } from "../../lib/orgs/invitations/list-invitations";
import { revokeInvitation } from "../../lib/orgs/invitations/revoke-invitation";
import { removeMember } from "../../lib/orgs/remove-member";
import { createApiKey } from "../../lib/keys/create-api-key";
import { createPerson, createTeam, ORIGIN, ownerAccess, type Person, type Team } from "./support";

async function invite(team: Team, input: Record<string, unknown>) {
  const access = await ownerAccess(team.orgId, team.people.owner.id);
  const invitation = await createInvitation({ access, input, inviter: team.people.owner, baseUrl: ORIGIN, actor: { kind: "user", id: team.people.owner.id } });
  return { ...invitation, token: invitation.url.split("/invite/")[1] };
}

const accept = (token: string, person: Person, locale = "en") => acceptInvitation({ input: { token }, user: person, actor: { kind: "user", id: person.id }, locale });

async function membersOf(orgId: string): Promise<number> {
  const { rows } = await sql<{ n: bigint }>(`select count(*)::bigint as n from memberships where org_id = $1 and removed_at is null`, [orgId]);
  return Number(rows[0].n);
}

describe("invitations", () => {
  it("store only the token's hash and send the email link through the outbox", async () => {
    const team = await createTeam("mail");
    const person = await createPerson("invitee");
    const invitation = await invite(team, { kind: "email", email: person.email.toUpperCase(), role: "admin" });
    expect(invitation.url).toMatch(/^http:\/\/localhost:3000\/invite\/[A-Za-z0-9_-]{43}$/);
    const { rows } = await sql<{ token_hash: string; email: string; max_uses: number }>(`select token_hash, email, max_uses from invitations where id = $1`, [invitation.id]);
    expect(rows[0]).toEqual({ token_hash: hashInvitationToken(invitation.token), email: person.email, max_uses: 1 });
    const outbox = await sql<{ subject: string; text: string; kind: string }>(`select subject, text, kind from outbox_messages where "to" = $1`, [person.email]);
    expect(outbox.rows).toHaveLength(1);
    expect(outbox.rows[0].kind).toBe("invitation");
    expect(outbox.rows[0].subject).toContain(team.name);
    expect(outbox.rows[0].text).toContain(invitation.url);

    const joined = await accept(invitation.token, person);
    expect(joined).toMatchObject({ orgId: team.orgId, role: "admin" });
    expect((await listInvitations({ orgId: team.orgId })).find((row) => row.id === invitation.id)?.status).toBe("used");
  });

  it("refuses an expired link, saying so", async () => {
    const team = await createTeam("expired");
    const invitation = await invite(team, { kind: "link", role: "member", maxUses: 5 });
    await sql(`update invitations set expires_at = now() - interval '1 minute' where id = $1`, [invitation.id]);
    const person = await createPerson("late");
    await expect(accept(invitation.token, person)).rejects.toMatchObject({ status: 410, param: "expired", message: expect.stringMatching(/expired/) });
    expect(await inspectInvitation({ token: invitation.token, viewer: null })).toMatchObject({ problem: "expired", orgName: team.name });
    expect(await membersOf(team.orgId)).toBe(4);
  });

  it("refuses a revoked link, and only the organization's admins can revoke it", async () => {
    const team = await createTeam("revoked");
    const other = await createTeam("other");
    const invitation = await invite(team, { kind: "link", role: "member", maxUses: 5 });
    const foreign = await ownerAccess(other.orgId, other.people.owner.id);
    await expect(revokeInvitation({ access: foreign, invitationId: invitation.id, actor: { kind: "system" } })).rejects.toMatchObject({ code: "not_found" });
    await revokeInvitation({ access: await ownerAccess(team.orgId, team.people.owner.id), invitationId: invitation.id, actor: { kind: "system" } });
    await expect(accept(invitation.token, await createPerson("too-late"))).rejects.toMatchObject({ status: 410, param: "revoked", message: expect.stringMatching(/revoked/) });
  });

  it("refuses a link that has been used up, even when people race for the last uses", async () => {
    const team = await createTeam("reused");
    const invitation = await invite(team, { kind: "link", role: "member", maxUses: 2 });
    const people = await Promise.all(Array.from({ length: 6 }, (_, index) => createPerson(`racer${index}`)));
    const results = await Promise.allSettled(people.map((person) => accept(invitation.token, person)));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(2);
    for (const result of results) if (result.status === "rejected") expect(result.reason).toMatchObject({ status: 410, param: "used" });
    expect(await membersOf(team.orgId)).toBe(6);
    const { rows } = await sql<{ uses: number }>(`select uses from invitations where id = $1`, [invitation.id]);
    expect(rows[0].uses).toBe(2);
  });

  it("refuses an email invitation accepted by another address, in the reader's language", async () => {
    const team = await createTeam("wrong");
    const intended = await createPerson("intended");
    const invitation = await invite(team, { kind: "email", email: intended.email, role: "member" });
    const stranger = await createPerson("stranger");
    await expect(accept(invitation.token, stranger)).rejects.toMatchObject({ status: 403, param: "wrong_email" });
    await expect(accept(invitation.token, stranger, "zh-CN")).rejects.toMatchObject({ message: expect.stringContaining("邀请发给了") });
    expect((await inspectInvitation({ token: invitation.token, viewer: stranger }))?.problem).toBe("wrong_email");
    // The refusal did not spend the invitation: the intended person still gets in.
    await expect(accept(invitation.token, intended)).resolves.toMatchObject({ role: "member" });
  });

  it("refuses someone who is already a member without spending a use; inviting a member's email is refused", async () => {
    const team = await createTeam("already");
    const invitation = await invite(team, { kind: "link", role: "admin", maxUses: 1 });
    await expect(accept(invitation.token, team.people.member)).rejects.toMatchObject({ status: 409, param: "already_member" });
    const { rows } = await sql<{ uses: number; role: string }>(
      `select i.uses, m.role from invitations i, memberships m where i.id = $1 and m.id = $2`,
      [invitation.id, team.memberships.member],
    );
    expect(rows[0]).toEqual({ uses: 0, role: "member" });
    await expect(invite(team, { kind: "email", email: team.people.billing.email, role: "member" })).rejects.toMatchObject({ code: "conflict" });
  });

  it("refuses unknown and malformed tokens as invalid", async () => {
    const person = await createPerson("guess");
    await expect(accept("A".repeat(43), person)).rejects.toMatchObject({ status: 404, param: "invalid" });
    await expect(accept("../../etc/passwd", person)).rejects.toMatchObject({ status: 404, param: "invalid" });
    expect(await inspectInvitation({ token: "nope", viewer: null })).toBeNull();
  });

  it("a removed member can be invited back; their old keys stay off", async () => {
    const team = await createTeam("return");
    const key = await createApiKey({ userId: team.people.member.id, orgId: team.orgId, input: { name: "old" }, actor: { kind: "system" } });
    await removeMember({ access: await ownerAccess(team.orgId, team.people.owner.id), membershipId: team.memberships.member, actor: { kind: "system" } });
    const again = await invite(team, { kind: "email", email: team.people.member.email, role: "billing" });
    const joined = await accept(again.token, team.people.member);
    expect(joined).toMatchObject({ role: "billing", membershipId: team.memberships.member });
    const { rows } = await sql<{ is_enabled: boolean }>(`select is_enabled from api_keys where id = $1`, [key.id]);
    expect(rows[0].is_enabled).toBe(false);
  });

  it("inviting the same address again replaces the pending invitation", async () => {
    const team = await createTeam("resend");
    const person = await createPerson("twice");
    const first = await invite(team, { kind: "email", email: person.email, role: "member" });
    await invite(team, { kind: "email", email: person.email, role: "admin" });
    await expect(accept(first.token, person)).rejects.toMatchObject({ param: "revoked" });
  });
});
