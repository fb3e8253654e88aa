/**
 * Every org-scoped route × every role, through the real route handlers (guard → zod → lib): allowed roles get past
 * the permission check, the others get 403; people outside the organization get 404 for every route and for every
 * id of another organization; request bodies cannot assign roles, organizations, allowances or balances.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "../../lib/db";
import { createApiKey } from "../../lib/keys/create-api-key";
import { setApiKeyEnabled } from "../../lib/keys/set-api-key-enabled";
import { createInvitation } from "../../lib/orgs/invitations/create-invitation";
import { ORG_PERMISSIONS, type OrgPermission } from "../../lib/orgs/permissions";
import { ORG_ROLES, type OrgRole } from "../../lib/orgs/roles";
import { call, createPerson, createTeam, join, ORIGIN, ownerAccess, signInAs, type Person, type Team } from "./support";

vi.mock("../../lib/auth/current-session", async () => {
  const support = await import("./support");
  return { getCurrentSession: async () => support.sessionMock.current };
});
vi.mock("../../lib/http/site-origin", () => ({ siteOrigin: async () => "http://localhost:3000" }));

const orgRoute = await import("../../app/api/orgs/[orgId]/route");
const transferRoute = await import("../../app/api/orgs/[orgId]/transfer/route");
const membersRoute = await import("../../app/api/orgs/[orgId]/members/route");
const memberRoute = await import("../../app/api/orgs/[orgId]/members/[membershipId]/route");
const invitationsRoute = await import("../../app/api/orgs/[orgId]/invitations/route");
const invitationRoute = await import("../../app/api/orgs/[orgId]/invitations/[invitationId]/route");
const orgKeysRoute = await import("../../app/api/orgs/[orgId]/keys/route");
const orgKeyStatusRoute = await import("../../app/api/orgs/[orgId]/keys/[keyId]/status/route");
const usageRoute = await import("../../app/api/orgs/[orgId]/usage/route");
const usageExportRoute = await import("../../app/api/orgs/[orgId]/usage/export/route");
const auditRoute = await import("../../app/api/orgs/[orgId]/audit/route");
const statementRoute = await import("../../app/api/orgs/[orgId]/statement/route");
const orgsRoute = await import("../../app/api/orgs/route");
const contextRoute = await import("../../app/api/orgs/context/route");
const acceptRoute = await import("../../app/api/invitations/accept/route");
const keysRoute = await import("../../app/api/keys/route");
const keyRoute = await import("../../app/api/keys/[id]/route");
const keyStatusRoute = await import("../../app/api/keys/[id]/status/route");
const usageLogsRoute = await import("../../app/api/usage/logs/route");
const consoleStatementRoute = await import("../../app/api/billing/statement/route");
const topUpsRoute = await import("../../app/api/billing/top-ups/route");

type Handler = Parameters<typeof call>[0];
type Case = {
  name: string;
  permission: OrgPermission;
  handler: Handler;
  method: string;
  /** the request for this caller; ids of throwaway targets are made fresh so a destructive call can succeed */
  request: (team: Team) => Promise<{ params?: Record<string, string>; body?: unknown; path?: string }>;
};

let a: Team;
let b: Team;
let outsider: Person;
let bKeyId: string;
let bInvitationId: string;

async function throwawayMember(team: Team): Promise<string> {
  const person = await createPerson("throwaway");
  return join({ orgId: team.orgId, owner: team.people.owner, person, role: "member" });
}

async function pendingInvitation(team: Team): Promise<string> {
  const access = await ownerAccess(team.orgId, team.people.owner.id);
  const invitation = await createInvitation({ access, input: { kind: "link", role: "member", maxUses: 3 }, inviter: team.people.owner, baseUrl: ORIGIN, actor: { kind: "system" } });
  return invitation.id;
}

async function orgKey(team: Team): Promise<string> {
  const key = await createApiKey({ userId: team.people.member.id, orgId: team.orgId, input: { name: "matrix" }, actor: { kind: "system" } });
  return key.id;
}

const CASES: Case[] = [
  { name: "GET org", permission: "org.view", handler: orgRoute.GET as Handler, method: "GET", request: async () => ({}) },
  { name: "PATCH org (rename)", permission: "org.rename", handler: orgRoute.PATCH as Handler, method: "PATCH", request: async (t) => ({ body: { name: t.name } }) },
  { name: "DELETE org", permission: "org.delete", handler: orgRoute.DELETE as Handler, method: "DELETE", request: async () => ({ body: { confirmName: "not the name" } }) },
  { name: "POST transfer", permission: "org.transfer", handler: transferRoute.POST as Handler, method: "POST", request: async () => ({ body: {} }) },
  { name: "GET members", permission: "members.view", handler: membersRoute.GET as Handler, method: "GET", request: async () => ({}) },
  { name: "PATCH member", permission: "members.manage", handler: memberRoute.PATCH as Handler, method: "PATCH", request: async (t) => ({ params: { membershipId: t.memberships.member }, body: { monthlyAllowance: "7" } }) },
  { name: "DELETE member", permission: "members.manage", handler: memberRoute.DELETE as Handler, method: "DELETE", request: async (t) => ({ params: { membershipId: await throwawayMember(t) } }) },
  { name: "GET invitations", permission: "invitations.manage", handler: invitationsRoute.GET as Handler, method: "GET", request: async () => ({}) },
  { name: "POST invitation", permission: "invitations.manage", handler: invitationsRoute.POST as Handler, method: "POST", request: async () => ({ body: { kind: "link", role: "member", maxUses: 2 } }) },
  { name: "DELETE invitation", permission: "invitations.manage", handler: invitationRoute.DELETE as Handler, method: "DELETE", request: async (t) => ({ params: { invitationId: await pendingInvitation(t) } }) },
  { name: "GET org keys", permission: "keys.all", handler: orgKeysRoute.GET as Handler, method: "GET", request: async () => ({}) },
  { name: "POST org key status", permission: "keys.all", handler: orgKeyStatusRoute.POST as Handler, method: "POST", request: async (t) => ({ params: { keyId: await orgKey(t) }, body: { isEnabled: false } }) },
  { name: "GET usage by member", permission: "usage.all", handler: usageRoute.GET as Handler, method: "GET", request: async () => ({}) },
  { name: "GET own usage CSV", permission: "usage.own", handler: usageExportRoute.GET as Handler, method: "GET", request: async () => ({}) },
  { name: "GET audit", permission: "audit.view", handler: auditRoute.GET as Handler, method: "GET", request: async () => ({}) },
  { name: "GET statement", permission: "billing.view", handler: statementRoute.GET as Handler, method: "GET", request: async () => ({}) },
];

beforeAll(async () => {
  a = await createTeam("alpha");
  b = await createTeam("beta");
  outsider = await createPerson("outsider");
  bKeyId = await orgKey(b);
  bInvitationId = await pendingInvitation(b);
});

describe("every org route × every role", () => {
  for (const testCase of CASES) {
    for (const role of ORG_ROLES) {
      const isAllowed = (ORG_PERMISSIONS[testCase.permission] as readonly OrgRole[]).includes(role);
      it(`${testCase.name} as ${role} is ${isAllowed ? "allowed" : "refused (403)"}`, async () => {
        const { params = {}, body, path } = await testCase.request(a);
        signInAs(a.people[role]);
        const res = await call(testCase.handler, { method: testCase.method, params: { orgId: a.orgId, ...params }, body, path: path ?? `/api/orgs/${a.orgId}` });
        if (isAllowed) {
          expect(res.status, await res.clone().text()).toBeLessThan(500);
          expect([401, 403, 404]).not.toContain(res.status);
        } else {
          expect(res.status).toBe(403);
        }
      });
    }
    it(`${testCase.name} by someone outside the organization is 404`, async () => {
      const { params = {}, body } = await testCase.request(a);
      signInAs(outsider);
      const res = await call(testCase.handler, { method: testCase.method, params: { orgId: a.orgId, ...params }, body });
      expect(res.status).toBe(404);
    });
    it(`${testCase.name} signed out is 401`, async () => {
      signInAs(null);
      const res = await call(testCase.handler, { method: testCase.method, params: { orgId: a.orgId }, body: testCase.method === "GET" ? undefined : {} });
      expect(res.status).toBe(401);
    });
  }

  it("the table has a case for every permission it defines", () => {
    const covered = new Set(CASES.map((testCase) => testCase.permission));
    for (const permission of Object.keys(ORG_PERMISSIONS)) if (permission !== "keys.own" && permission !== "billing.topup") expect(covered, permission).toContain(permission);
  });

  it("another member's CSV needs usage.all; your own is always yours", async () => {
    signInAs(a.people.member);
    const other = await call(usageExportRoute.GET as Handler, { path: `/api/orgs/${a.orgId}/usage/export?member=${a.people.admin.id}`, params: { orgId: a.orgId } });
    expect(other.status).toBe(403);
    signInAs(a.people.admin);
    const asAdmin = await call(usageExportRoute.GET as Handler, { path: `/api/orgs/${a.orgId}/usage/export?member=${a.people.member.id}`, params: { orgId: a.orgId } });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.headers.get("content-type")).toContain("text/csv");
  });
});

describe("the console context enforces roles on the shared routes", () => {
  it("billing holds no keys; members and admins create keys that belong to the organization", async () => {
    signInAs(a.people.billing);
    expect((await call(keysRoute.POST as Handler, { method: "POST", body: { name: "nope" }, orgContext: a.orgId })).status).toBe(403);
    expect((await call(keysRoute.GET as Handler, { orgContext: a.orgId })).status).toBe(403);
    signInAs(a.people.member);
    const created = await call(keysRoute.POST as Handler, { method: "POST", body: { name: "mine" }, orgContext: a.orgId });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: { id: string } };
    const { rows } = await sql<{ org_id: string; user_id: string }>(`select org_id, user_id from api_keys where id = $1`, [key.id]);
    expect(rows[0]).toEqual({ org_id: a.orgId, user_id: a.people.member.id });
  });

  it("a key whose holder moved to the billing role cannot be enabled again (the relay would still refuse it)", async () => {
    const team = await createTeam("enable-billing");
    const actor = { kind: "user" as const, id: team.people.owner.id };
    const key = await createApiKey({ userId: team.people.member.id, orgId: team.orgId, input: { name: "before the move" }, actor });
    // the role change disables the member's keys (lib/orgs); here as the database sees it afterwards
    await sql(`update memberships set role = 'billing' where id = $1`, [team.memberships.member]);
    await sql(`update api_keys set is_enabled = false where id = $1`, [key.id]);
    const scope = { kind: "org" as const, orgId: team.orgId, userId: null };
    await expect(setApiKeyEnabled({ scope, keyId: key.id, isEnabled: true, actor })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("Billing role") });
    const { rows } = await sql<{ is_enabled: boolean }>(`select is_enabled from api_keys where id = $1`, [key.id]);
    expect(rows[0].is_enabled).toBe(false);
    // back to member: the key can be enabled
    await sql(`update memberships set role = 'member' where id = $1`, [team.memberships.member]);
    await setApiKeyEnabled({ scope, keyId: key.id, isEnabled: true, actor });
    expect((await sql<{ is_enabled: boolean }>(`select is_enabled from api_keys where id = $1`, [key.id])).rows[0].is_enabled).toBe(true);
  });

  it("members cannot see billing or top up the organization; billing can", async () => {
    signInAs(a.people.member);
    expect((await call(consoleStatementRoute.GET as Handler, { orgContext: a.orgId })).status).toBe(403);
    expect((await call(topUpsRoute.POST as Handler, { method: "POST", body: { amount: "20" }, orgContext: a.orgId })).status).toBe(403);
    signInAs(a.people.billing);
    expect((await call(consoleStatementRoute.GET as Handler, { orgContext: a.orgId })).status).toBe(200);
    // Allowed by role; refused only because this server has no Stripe configured.
    expect((await call(topUpsRoute.POST as Handler, { method: "POST", body: { amount: "20" }, orgContext: a.orgId })).status).toBe(503);
    expect((await call(usageLogsRoute.GET as Handler, { orgContext: a.orgId })).status).toBe(403);
  });

  it("a context cookie naming an organization you are not in falls back to personal", async () => {
    signInAs(outsider);
    const res = await call(keysRoute.POST as Handler, { method: "POST", body: { name: "personal" }, orgContext: a.orgId });
    expect(res.status).toBe(201);
    const { key } = (await res.json()) as { key: { id: string } };
    const { rows } = await sql<{ org_id: string | null }>(`select org_id from api_keys where id = $1`, [key.id]);
    expect(rows[0].org_id).toBeNull();
    expect((await call(contextRoute.POST as Handler, { method: "POST", body: { orgId: a.orgId } })).status).toBe(404);
  });
});

describe("a member of organization A", () => {
  it("gets 404 for every id of organization B, through A's routes and B's", async () => {
    signInAs(a.people.admin);
    const asA = { orgId: a.orgId };
    expect((await call(memberRoute.PATCH as Handler, { method: "PATCH", params: { ...asA, membershipId: b.memberships.member }, body: { monthlyAllowance: "1" } })).status).toBe(404);
    expect((await call(memberRoute.DELETE as Handler, { method: "DELETE", params: { ...asA, membershipId: b.memberships.member } })).status).toBe(404);
    expect((await call(invitationRoute.DELETE as Handler, { method: "DELETE", params: { ...asA, invitationId: bInvitationId } })).status).toBe(404);
    expect((await call(orgKeyStatusRoute.POST as Handler, { method: "POST", params: { ...asA, keyId: bKeyId }, body: { isEnabled: false } })).status).toBe(404);
    expect((await call(keyRoute.DELETE as Handler, { method: "DELETE", params: { id: bKeyId }, orgContext: a.orgId })).status).toBe(404);
    expect((await call(keyStatusRoute.POST as Handler, { method: "POST", params: { id: bKeyId }, body: { isEnabled: false }, orgContext: a.orgId })).status).toBe(404);
    for (const handler of [orgRoute.GET, membersRoute.GET, invitationsRoute.GET, orgKeysRoute.GET, usageRoute.GET, auditRoute.GET, statementRoute.GET]) {
      expect((await call(handler as Handler, { params: { orgId: b.orgId } })).status).toBe(404);
    }
    const { rows } = await sql<{ is_enabled: boolean }>(`select is_enabled from api_keys where id = $1`, [bKeyId]);
    expect(rows[0].is_enabled).toBe(true);
    const invitation = await sql<{ revoked_at: Date | null }>(`select revoked_at from invitations where id = $1`, [bInvitationId]);
    expect(invitation.rows[0].revoked_at).toBeNull();
  });

  it("does not see B's keys in A's lists", async () => {
    signInAs(a.people.owner);
    const res = await call(orgKeysRoute.GET as Handler, { params: { orgId: a.orgId } });
    const { keys } = (await res.json()) as { keys: { id: string }[] };
    expect(keys.map((key) => key.id)).not.toContain(bKeyId);
  });
});

describe("mass assignment", () => {
  it("refuses role, orgId, allowance or balance where the operation does not take them", async () => {
    signInAs(outsider);
    const created = await call(orgsRoute.POST as Handler, { method: "POST", body: { name: "Sneaky", role: "owner", orgId: a.orgId, balance: "1000" } });
    expect(created.status).toBe(422);
    signInAs(a.people.admin);
    const promote = await call(memberRoute.PATCH as Handler, { method: "PATCH", params: { orgId: a.orgId, membershipId: a.memberships.member }, body: { role: "owner" } });
    expect(promote.status).toBe(422);
    const smuggle = await call(memberRoute.PATCH as Handler, { method: "PATCH", params: { orgId: a.orgId, membershipId: a.memberships.member }, body: { monthlyAllowance: "5", orgId: b.orgId, balance: "99" } });
    expect(smuggle.status).toBe(422);
    const invite = await call(invitationsRoute.POST as Handler, { method: "POST", params: { orgId: a.orgId }, body: { kind: "link", role: "owner", maxUses: 1 } });
    expect(invite.status).toBe(422);
    const inviteWithUses = await call(invitationsRoute.POST as Handler, { method: "POST", params: { orgId: a.orgId }, body: { kind: "email", email: "x@example.com", role: "member", uses: 0, maxUses: 99 } });
    expect(inviteWithUses.status).toBe(422);
    const { rows } = await sql<{ role: string }>(`select role from memberships where id = $1`, [a.memberships.member]);
    expect(rows[0].role).toBe("member");
  });

  it("an admin cannot change the owner; nobody can grant ownership", async () => {
    signInAs(a.people.admin);
    const res = await call(memberRoute.PATCH as Handler, { method: "PATCH", params: { orgId: a.orgId, membershipId: a.memberships.owner }, body: { monthlyAllowance: "1" } });
    expect(res.status).toBe(403);
    const demote = await call(memberRoute.PATCH as Handler, { method: "PATCH", params: { orgId: a.orgId, membershipId: a.memberships.owner }, body: { role: "member" } });
    expect(demote.status).toBe(403);
    const remove = await call(memberRoute.DELETE as Handler, { method: "DELETE", params: { orgId: a.orgId, membershipId: a.memberships.owner } });
    expect(remove.status).toBe(403);
  });

  it("an org key in a request body cannot be placed in another organization", async () => {
    signInAs(a.people.member);
    const res = await call(keysRoute.POST as Handler, { method: "POST", body: { name: "smuggled", orgId: b.orgId, userId: b.people.owner.id }, orgContext: a.orgId });
    expect(res.status).toBe(201);
    const { key } = (await res.json()) as { key: { id: string } };
    const { rows } = await sql<{ org_id: string; user_id: string }>(`select org_id, user_id from api_keys where id = $1`, [key.id]);
    expect(rows[0]).toEqual({ org_id: a.orgId, user_id: a.people.member.id });
  });

  it("accepting takes only the token (the role comes from the invitation)", async () => {
    const person = await createPerson("acceptor");
    signInAs(person);
    const res = await call(acceptRoute.POST as Handler, { method: "POST", body: { token: "x".repeat(43), role: "owner" } });
    expect(res.status).toBe(422);
  });
});
