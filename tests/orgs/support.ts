/**
 * Seeding for organization tests, through lib functions: people, an organization with one member per role (joined
 * through real invitation links), org wallet credit, and calls to route handlers as a given person (the session is
 * whatever `signInAs` set; the test file mocks lib/auth/current-session with `sessionMock`).
 */
import { sql } from "../../lib/db";
import { creditWallet } from "../../lib/billing/ledger";
import { walletId } from "../../lib/billing/accounts";
import { createOrganization } from "../../lib/orgs/create-organization";
import { createInvitation } from "../../lib/orgs/invitations/create-invitation";
import { acceptInvitation } from "../../lib/orgs/invitations/accept-invitation";
import { findOrgAccess, type OrgAccess } from "../../lib/orgs/org-access";
import type { AssignableRole, OrgRole } from "../../lib/orgs/roles";
import type { CurrentSession } from "../../lib/auth/current-session";

export const ORIGIN = "http://localhost:3000";

let counter = 0;

export type Person = { id: string; email: string; name: string };

export async function createPerson(label: string): Promise<Person> {
  counter++;
  const email = `${label}-${counter}-${Date.now()}@example.com`;
  const { rows } = await sql<{ id: string }>(`insert into users (email, name) values ($1, $2) returning id`, [email, label]);
  return { id: rows[0].id, email, name: label };
}

export async function ownerAccess(orgId: string, userId: string): Promise<OrgAccess> {
  const access = await findOrgAccess({ orgId, userId });
  if (!access) throw new Error("not a member");
  return access;
}

/** Join an organization through a fresh shareable link with the given role. */
export async function join({ orgId, owner, person, role }: { orgId: string; owner: Person; person: Person; role: AssignableRole }): Promise<string> {
  const access = await ownerAccess(orgId, owner.id);
  const invitation = await createInvitation({ access, input: { kind: "link", role, maxUses: 1 }, inviter: owner, baseUrl: ORIGIN, actor: { kind: "user", id: owner.id } });
  const token = invitation.url.split("/invite/")[1];
  const joined = await acceptInvitation({ input: { token }, user: person, actor: { kind: "user", id: person.id } });
  return joined.membershipId;
}

export type Team = { orgId: string; name: string; slug: string; people: Record<OrgRole, Person>; memberships: Record<OrgRole, string> };

export async function createTeam(label: string): Promise<Team> {
  const owner = await createPerson(`${label}-owner`);
  const org = await createOrganization({ userId: owner.id, input: { name: `${label} Org` }, actor: { kind: "user", id: owner.id } });
  const people = { owner } as Record<OrgRole, Person>;
  const memberships = { owner: org.membershipId } as Record<OrgRole, string>;
  for (const role of ["admin", "member", "billing"] as const) {
    people[role] = await createPerson(`${label}-${role}`);
    memberships[role] = await join({ orgId: org.id, owner, person: people[role], role });
  }
  return { orgId: org.id, name: org.name, slug: org.slug, people, memberships };
}

export async function creditOrg(orgId: string, amount: bigint): Promise<string> {
  await creditWallet({ owner: { orgId }, amount, bucket: "paid", source: "card_payments", kind: "topup", idempotencyKey: `org-test-topup:${orgId}:${amount}:${counter++}` });
  return walletId({ orgId });
}

/** The session the mocked getCurrentSession returns. */
export const sessionMock: { current: CurrentSession | null } = { current: null };

export function signInAs(person: Person | null): void {
  sessionMock.current = person ? { sessionId: "00000000-0000-0000-0000-000000000001", user: { id: person.id, email: person.email, name: person.name, isOperator: false, locale: "en" } } : null;
}

type Handler = (req: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Call a route handler the way Next does: same-origin request, JSON body, optional console context cookie. */
export async function call(
  handler: Handler,
  { method = "GET", path = "/", params = {}, body, orgContext }: { method?: string; path?: string; params?: Record<string, string>; body?: unknown; orgContext?: string | null },
): Promise<Response> {
  const headers: Record<string, string> = { origin: ORIGIN, host: "localhost:3000" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (orgContext) headers.cookie = `sy_org=${orgContext}`;
  const req = new Request(`${ORIGIN}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return handler(req, { params: Promise.resolve(params) });
}
