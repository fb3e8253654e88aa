/**
 * Access at the relay, through the real Node handler, the real OpenAI/Anthropic SDKs and the console's route
 * handlers: a key switched off, rotated or deleted in the console stops on the very next request (although the
 * relay had it cached); an expired key stops even while cached; an IP allow-list cannot be passed by sending
 * X-Forwarded-For (no trusted proxy here); a model allow-list is an exact match that no case, whitespace, unicode,
 * prefix or alias trick gets around; a member's key is held to the member's allowance whatever cap it was given.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "../../lib/db";
import type { FakeUpstream } from "../fakes/upstream";
import { addChannel, anthropicClient, balanceOf, createCustomer, createModel, openaiClient, relayIdle, startFakeUpstream, startRelay, type Customer, type Relay } from "../relay/support/harness";
import { call, createTeam, creditOrg, signInAs, type Person, type Team } from "../orgs/support";

vi.mock("../../lib/auth/current-session", async () => {
  const support = await import("../orgs/support");
  return { getCurrentSession: async () => support.sessionMock.current };
});

const keysRoute = await import("../../app/api/keys/route");
const keyRoute = await import("../../app/api/keys/[id]/route");
const keyStatusRoute = await import("../../app/api/keys/[id]/status/route");
const keyRotateRoute = await import("../../app/api/keys/[id]/rotate/route");
const memberRoute = await import("../../app/api/orgs/[orgId]/members/[membershipId]/route");

type Handler = Parameters<typeof call>[0];

const MODEL = "sec-allowed";
const OTHER = "sec-other";
/** A second public name for the upstream model behind MODEL (a channel model mapping). */
const ALIAS = "sec-alias";

let relay: Relay;
let fake: FakeUpstream;

beforeAll(async () => {
  fake = await startFakeUpstream();
  relay = await startRelay();
  for (const id of [MODEL, OTHER, ALIAS]) await createModel({ id });
  await addChannel({ fake, type: "openai", models: [MODEL, OTHER, ALIAS], modelMapping: { [ALIAS]: MODEL } });
});

afterAll(async () => {
  await relay.close();
  await fake.close();
});

function ask(secret: string, { model = MODEL, headers = {} }: { model?: string; headers?: Record<string, string> } = {}) {
  return openaiClient(relay, secret).chat.completions.create({ model, messages: [{ role: "user", content: "Hi" }], max_tokens: 5 }, { headers });
}

/** The HTTP status a relay call ended with (200 when it succeeded). */
async function statusOf(request: Promise<unknown>): Promise<number> {
  return request.then(
    () => 200,
    (error: { status?: number }) => error.status ?? 0,
  );
}

function asOwner(customer: Customer): Person {
  return { id: customer.userId, email: `${customer.userId}@example.com`, name: "owner" };
}

describe("a key changed in the console stops at once", () => {
  it("switched off: the next request is 401, although the relay had just cached the key", async () => {
    const customer = await createCustomer();
    expect(await statusOf(ask(customer.secret))).toBe(200);
    signInAs(asOwner(customer));
    const res = await call(keyStatusRoute.POST as Handler, { method: "POST", params: { id: customer.keyId }, body: { isEnabled: false } });
    expect(res.status).toBe(200);
    expect(await statusOf(ask(customer.secret))).toBe(401);
  });

  it("rotated: the old secret is 401 on the next request, the new one works", async () => {
    const customer = await createCustomer();
    expect(await statusOf(ask(customer.secret))).toBe(200);
    signInAs(asOwner(customer));
    const res = await call(keyRotateRoute.POST as Handler, { method: "POST", params: { id: customer.keyId } });
    expect(res.status).toBe(200);
    const { key } = (await res.json()) as { key: { secret: string } };
    expect(key.secret).not.toBe(customer.secret);
    expect(await statusOf(ask(customer.secret))).toBe(401);
    expect(await statusOf(ask(key.secret))).toBe(200);
  });

  it("deleted: the next request is 401, in the Anthropic dialect too", async () => {
    const customer = await createCustomer();
    expect(await statusOf(ask(customer.secret))).toBe(200);
    signInAs(asOwner(customer));
    expect((await call(keyRoute.DELETE as Handler, { method: "DELETE", params: { id: customer.keyId } })).status).toBe(204);
    expect(await statusOf(ask(customer.secret))).toBe(401);
    const anthropic = anthropicClient(relay, customer.secret).messages.create({ model: MODEL, max_tokens: 5, messages: [{ role: "user", content: "Hi" }] });
    expect(await statusOf(anthropic)).toBe(401);
  });

  it("expired: refused once the expiry passes, even while the key sits in the relay's cache", async () => {
    const customer = await createCustomer({ key: { expiresAt: new Date(Date.now() + 1_500) } });
    expect(await statusOf(ask(customer.secret))).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    const error = await ask(customer.secret).catch((caught: { status: number; message: string }) => caught);
    expect(error).toMatchObject({ status: 401, message: expect.stringMatching(/expired/) });
  });
});

describe("IP allow-lists", () => {
  it("X-Forwarded-For and X-Real-IP from an untrusted peer are ignored", async () => {
    const fenced = await createCustomer({ key: { allowedIps: ["203.0.113.0/24"] } });
    const before = fake.requests.length;
    const spoofs: Record<string, string>[] = [{ "x-forwarded-for": "203.0.113.5" }, { "x-forwarded-for": "203.0.113.5, 203.0.113.6" }, { "x-real-ip": "203.0.113.5" }, { forwarded: "for=203.0.113.5" }];
    for (const headers of spoofs) {
      const error = await ask(fenced.secret, { headers }).catch((caught: { status: number; message: string }) => caught);
      expect(error, JSON.stringify(headers)).toMatchObject({ status: 403, message: expect.stringMatching(/127\.0\.0\.1/) });
    }
    expect(fake.requests.length).toBe(before);
    const local = await createCustomer({ key: { allowedIps: ["127.0.0.1/32"] } });
    expect(await statusOf(ask(local.secret, { headers: { "x-forwarded-for": "198.51.100.1" } }))).toBe(200);
  });
});

describe("model allow-lists are exact", () => {
  const TRICKS = [
    MODEL.toUpperCase(),
    "Sec-Allowed",
    ` ${MODEL}`,
    `${MODEL} `,
    `\t${MODEL}`,
    `${MODEL}\n`,
    `${MODEL}\u00a0`,
    `${MODEL}\u200b`,
    `\u200b${MODEL}`,
    "\u0455ec-allowed", // Cyrillic dze for the "s"
    "sec\u2010allowed", // Unicode hyphen
    "sec\uff0dallowed", // full-width hyphen-minus
    `openai/${MODEL}`,
    `models/${MODEL}`,
    `${MODEL}:latest`,
    ALIAS, // same upstream model under another public name
    OTHER,
  ];

  it.each(TRICKS.map((model) => [JSON.stringify(model), model]))("%s is refused before any upstream call, and costs nothing", async (_label, model) => {
    const customer = await createCustomer({ key: { allowedModels: [MODEL] } });
    const before = fake.requests.length;
    const status = await statusOf(ask(customer.secret, { model }));
    expect([400, 403]).toContain(status);
    await relayIdle();
    expect(fake.requests.length).toBe(before);
    expect(await balanceOf(customer.walletId)).toBe(10_000_000n);
  });

  it("the exact id is served, and /v1/models lists only the allowed model", async () => {
    const customer = await createCustomer({ key: { allowedModels: [MODEL] } });
    expect(await statusOf(ask(customer.secret))).toBe(200);
    const models = await openaiClient(relay, customer.secret).models.list();
    expect(models.data.map((model) => model.id)).toEqual([MODEL]);
  });
});

describe("a member cannot mint a key beyond their own scope", () => {
  let team: Team;

  beforeAll(async () => {
    team = await createTeam("sec-scope");
    await creditOrg(team.orgId, 50_000_000n);
  });

  it("a key with a cap far above the member's allowance is still held to the allowance", async () => {
    signInAs(team.people.owner);
    const allowance = await call(memberRoute.PATCH as Handler, { method: "PATCH", params: { orgId: team.orgId, membershipId: team.memberships.member }, body: { monthlyAllowance: "0.000001" } });
    expect(allowance.status).toBe(200);
    signInAs(team.people.member);
    const created = await call(keysRoute.POST as Handler, { method: "POST", body: { name: "big cap", creditCap: "1000" }, orgContext: team.orgId });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: { id: string; secret: string } };
    const error = await ask(key.secret).catch((caught: { status: number; message: string }) => caught);
    expect(error).toMatchObject({ status: 402, message: expect.stringMatching(/allowance/) });
    const { rows } = await sql<{ org_id: string; user_id: string }>(`select org_id, user_id from api_keys where id = $1`, [key.id]);
    expect(rows[0]).toEqual({ org_id: team.orgId, user_id: team.people.member.id });
  });

  it("a context cookie or body naming an organization the member is not in yields a personal key", async () => {
    const other = await createTeam("sec-elsewhere");
    signInAs(team.people.member);
    const created = await call(keysRoute.POST as Handler, { method: "POST", body: { name: "smuggled", orgId: other.orgId, userId: other.people.owner.id }, orgContext: other.orgId });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: { id: string } };
    const { rows } = await sql<{ org_id: string | null; user_id: string }>(`select org_id, user_id from api_keys where id = $1`, [key.id]);
    expect(rows[0]).toEqual({ org_id: null, user_id: team.people.member.id });
  });
});
