/**
 * Access through the console's JSON routes, with the route list read from disk (app/api/**\/route.ts) so a new
 * route cannot escape: every state-changing handler refuses a cross-site request (CSRF) before it touches anything;
 * no GET handler changes the database; every route that takes an id answers another customer's id with the same
 * 404 as an id that does not exist; bodies that move money refuse fields they do not take, and other bodies
 * ignore fields like isOperator or balance.
 */
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "../../lib/db";
import { createAuthSession, getActiveSession } from "../../lib/auth/sessions";
import { walletId } from "../../lib/billing/accounts";
import { createApiKey } from "../../lib/keys/create-api-key";
import { createOrganization } from "../../lib/orgs/create-organization";
import type { CurrentSession } from "../../lib/auth/current-session";
import { insertLogs } from "../support/usage-fixtures";
import { sessionMock } from "../orgs/support";
import { databaseDigest } from "./support/access-digest";

vi.mock("../../lib/auth/current-session", async () => {
  const support = await import("../orgs/support");
  return { getCurrentSession: async () => support.sessionMock.current };
});
vi.mock("../../lib/http/site-origin", () => ({ siteOrigin: async () => "http://localhost:3000" }));

const ORIGIN = "http://localhost:3000";
const SAMPLE_ID = "00000000-0000-4000-8000-0000000000aa";
const MUTATING = ["POST", "PUT", "PATCH", "DELETE"] as const;
type Method = "GET" | (typeof MUTATING)[number];
type Handler = (req: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Partial<Record<Method, Handler>>;

/**
 * Handlers that are not cookie-authenticated console routes, and why the same-origin check does not apply:
 * next-auth checks its own double-submit CSRF token on every POST; Stripe proves itself with a signature.
 */
const CSRF_EXEMPT: Record<string, string> = {
  "app/api/auth/[...nextauth]/route.ts": "next-auth's CSRF token",
  "app/api/stripe/webhook/route.ts": "Stripe-Signature over the raw body",
};

/** Catch-alls that answer 404 to every method and touch nothing: checked for exactly that instead. */
const NOT_FOUND_ONLY = ["app/api/[...path]/route.ts"];

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

const ROUTES = walk("app/api").sort();

/** The URL and params a route file answers at, with a sample id in every dynamic segment. */
function urlOf(file: string): { url: string; params: Record<string, string | string[]> } {
  const params: Record<string, string | string[]> = {};
  const parts = path
    .dirname(file)
    .split(path.sep)
    .slice(1)
    .map((part) => {
      const catchAll = /^\[\.\.\.(.+)\]$/.exec(part);
      if (catchAll) {
        params[catchAll[1]] = ["session"];
        return "session";
      }
      const match = /^\[(.+)\]$/.exec(part);
      if (!match) return part;
      params[match[1]] = SAMPLE_ID;
      return SAMPLE_ID;
    });
  return { url: `${ORIGIN}/${parts.join("/")}`, params };
}

async function load(file: string): Promise<RouteModule> {
  return (await import(path.resolve(file))) as RouteModule;
}

let people = 0;
async function person(label: string, { isOperator = false } = {}): Promise<CurrentSession> {
  people++;
  const email = `${label}-${people}-${Date.now()}@example.com`;
  const { rows } = await sql<{ id: string }>(`insert into users (email, name, is_operator) values ($1, $2, $3) returning id`, [email, label, isOperator]);
  await walletId({ userId: rows[0].id });
  return { sessionId: randomUUID(), user: { id: rows[0].id, email, name: label, isOperator, locale: "en" } };
}

function request(method: string, url: string, { headers = {}, body }: { headers?: Record<string, string>; body?: unknown } = {}): Request {
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(url, {
    method,
    headers: { host: "localhost:3000", ...(hasBody ? { "content-type": "application/json" } : {}), ...headers },
    body: hasBody ? JSON.stringify(body ?? {}) : undefined,
  });
}

let victim: CurrentSession;
let attacker: CurrentSession;

beforeAll(async () => {
  victim = await person("victim");
  attacker = await person("attacker");
});

describe("CSRF: every state-changing handler refuses a cross-site request", () => {
  const CROSS_SITE: Record<string, Record<string, string>> = {
    "a foreign Origin": { origin: "https://evil.example" },
    "a foreign Referer and no Origin": { referer: "https://evil.example/page" },
    "neither Origin nor Referer": {},
    "Origin null (sandboxed frame)": { origin: "null" },
    "Sec-Fetch-Site: cross-site with a matching Origin": { origin: ORIGIN, "sec-fetch-site": "cross-site" },
    "a look-alike origin": { origin: "http://localhost:3000.evil.example" },
  };

  it("the list of routes comes from disk and the exemptions still exist", () => {
    expect(ROUTES.length).toBeGreaterThanOrEqual(60);
    for (const file of Object.keys(CSRF_EXEMPT)) expect(ROUTES).toContain(file);
  });

  it.each(NOT_FOUND_ONLY)("%s answers 404 to every method, same-site or not", async (file) => {
    const route = await load(file);
    for (const method of ["GET", ...MUTATING] as const) {
      for (const headers of [{ origin: ORIGIN }, { origin: "https://evil.example" }]) {
        const res = await route[method]!(request(method, `${ORIGIN}/api/no/such/thing`, { headers }), { params: Promise.resolve({ path: ["no", "such", "thing"] }) });
        expect({ method, status: res.status }).toEqual({ method, status: 404 });
      }
    }
  });

  it.each(ROUTES.filter((file) => !(file in CSRF_EXEMPT) && !NOT_FOUND_ONLY.includes(file)))("%s", async (file) => {
    const route = await load(file);
    const { url, params } = urlOf(file);
    const methods = MUTATING.filter((method) => typeof route[method] === "function");
    for (const method of methods) {
      for (const [label, headers] of Object.entries(CROSS_SITE)) {
        for (const session of [attacker, { ...attacker, user: { ...attacker.user, isOperator: true } }]) {
          sessionMock.current = session;
          const res = await route[method]!(request(method, url, { headers, body: { name: "x", amount: "10" } }), { params: Promise.resolve(params) });
          expect({ method, label, status: res.status }).toEqual({ method, label, status: 403 });
        }
      }
    }
  });
});

/** Finding a wallet is an upsert (created on first use) that bumps the row's version counter, never its balances. */
const WALLET_LOOKUP = { ledger_accounts: ["version"] };

describe("GET handlers change nothing", () => {
  it("calling every GET handler as a customer and as an operator leaves every table as it was", async () => {
    const operator = await person("operator", { isOperator: true });
    const key = await createApiKey({ userId: victim.user.id, input: { name: "read only" }, actor: { kind: "system" } });
    await insertLogs([{ userId: victim.user.id, apiKeyId: key.id, createdAt: new Date() }]);
    const before = await databaseDigest({ ignore: WALLET_LOOKUP });
    let called = 0;
    for (const file of ROUTES.filter((route) => !(route in CSRF_EXEMPT))) {
      const route = await load(file);
      if (!route.GET) continue;
      const { url, params } = urlOf(file);
      for (const session of [victim, operator]) {
        sessionMock.current = session;
        const res = await route.GET(request("GET", url, { headers: { origin: ORIGIN } }), { params: Promise.resolve(params) });
        await res.arrayBuffer();
        called++;
      }
    }
    expect(called).toBeGreaterThanOrEqual(60);
    expect(await databaseDigest({ ignore: WALLET_LOOKUP })).toEqual(before);
  });
});

/** Every id-bearing route outside the operator console and the org routes, with a real id of the victim's. */
type IdCase = { method: Method; body?: unknown; query?: string; target: () => Promise<Record<string, string>>; isUnchanged?: () => Promise<boolean> };

let victimKeyId: string;
async function victimKey(): Promise<Record<string, string>> {
  victimKeyId ??= (await createApiKey({ userId: victim.user.id, input: { name: "victim key" }, actor: { kind: "system" } })).id;
  return { id: victimKeyId };
}
async function victimKeyIntact(): Promise<boolean> {
  const { rows } = await sql<{ name: string; is_enabled: boolean }>(`select name, is_enabled from api_keys where id = $1`, [victimKeyId]);
  return rows[0]?.name === "victim key" && rows[0].is_enabled;
}

let victimSessionId: string;
let victimOrgId: string;
const ID_CASES: Record<string, IdCase[]> = {
  "app/api/keys/[id]/route.ts": [
    { method: "PATCH", body: { name: "stolen" }, target: victimKey, isUnchanged: victimKeyIntact },
    { method: "DELETE", target: victimKey, isUnchanged: victimKeyIntact },
  ],
  "app/api/keys/[id]/rotate/route.ts": [{ method: "POST", target: victimKey, isUnchanged: victimKeyIntact }],
  "app/api/keys/[id]/status/route.ts": [{ method: "POST", body: { isEnabled: false }, target: victimKey, isUnchanged: victimKeyIntact }],
  "app/api/billing/top-ups/[id]/route.ts": [
    {
      method: "GET",
      target: async () => {
        const account = await walletId({ userId: victim.user.id });
        const { rows } = await sql<{ id: string }>(`insert into top_ups (account_id, user_id, amount, status) values ($1, $2, 20000000, 'paid') returning id`, [account, victim.user.id]);
        return { id: rows[0].id };
      },
    },
  ],
  "app/api/playground/requests/[requestId]/route.ts": [
    {
      method: "GET",
      target: async () => {
        const requestId = `req_victim_${randomUUID().replaceAll("-", "")}`;
        await insertLogs([{ userId: victim.user.id, createdAt: new Date(), requestId }]);
        return { requestId };
      },
    },
  ],
  "app/api/orgs/[orgId]/leave/route.ts": [
    {
      method: "POST",
      target: async () => {
        const org = await createOrganization({ userId: victim.user.id, input: { name: "Victim Org" }, actor: { kind: "system" } });
        victimOrgId = org.id;
        return { orgId: org.id };
      },
      isUnchanged: async () => (await sql(`select 1 from memberships where org_id = $1 and user_id = $2`, [victimOrgId, victim.user.id])).rowCount === 1,
    },
  ],
  "app/api/settings/sessions/[id]/route.ts": [
    {
      method: "DELETE",
      target: async () => {
        victimSessionId = (await createAuthSession({ userId: victim.user.id })).id;
        return { id: victimSessionId };
      },
      isUnchanged: async () => (await getActiveSession(victimSessionId)) !== null,
    },
  ],
};

/** Routes whose ids are checked elsewhere: operator routes (403 to customers) and the organization matrix. */
function isCoveredElsewhere(file: string): string | null {
  const source = fs.readFileSync(file, "utf8");
  if (file.split(path.sep).includes("admin") || source.includes("operatorOnly: true")) return "tests/admin/access.test.ts";
  if (file.startsWith(path.join("app", "api", "orgs", "[orgId]"))) return "tests/orgs/authorization-matrix.test.ts";
  return null;
}

describe("another customer's ids answer 404, exactly like ids that do not exist", () => {
  const idRoutes = ROUTES.filter((file) => file.includes("[") && !(file in CSRF_EXEMPT) && !NOT_FOUND_ONLY.includes(file));

  it("every id-bearing route has a case here or in the suite that covers its kind", () => {
    const matrix = fs.readFileSync("tests/orgs/authorization-matrix.test.ts", "utf8");
    const missing = idRoutes.filter((file) => {
      if (file in ID_CASES) return false;
      const elsewhere = isCoveredElsewhere(file);
      if (elsewhere === "tests/orgs/authorization-matrix.test.ts") return !matrix.includes(`../../${path.dirname(file)}/route`);
      return elsewhere === null;
    });
    expect(missing).toEqual([]);
  });

  it.each(Object.entries(ID_CASES).flatMap(([file, cases]) => cases.map((testCase) => [`${testCase.method} ${file}`, file, testCase] as const)))("%s", async (_label, file, testCase) => {
    const route = await load(file);
    const handler = route[testCase.method]!;
    const params = await testCase.target();
    const { url } = urlOf(file);
    const send = async (ids: Record<string, string>) => {
      sessionMock.current = attacker;
      const res = await handler(request(testCase.method, url, { headers: { origin: ORIGIN }, body: testCase.body }), { params: Promise.resolve(ids) });
      return { status: res.status, body: await res.text() };
    };
    const stolen = await send(params);
    const unknown = await send(Object.fromEntries(Object.keys(params).map((name) => [name, name === "requestId" ? "req_doesnotexist" : randomUUID()])));
    expect(stolen.status).toBe(404);
    expect(stolen).toEqual(unknown);
    if (testCase.isUnchanged) expect(await testCase.isUnchanged()).toBe(true);
  });

  it("the request log and its CSV export filtered by another customer's key show nothing of theirs", async () => {
    const { id } = await victimKey();
    await insertLogs([{ userId: victim.user.id, apiKeyId: id, createdAt: new Date(), model: "victim-only-model" }]);
    sessionMock.current = attacker;
    for (const file of ["app/api/usage/logs/route.ts", "app/api/usage/export/route.ts"]) {
      const route = await load(file);
      const res = await route.GET!(request("GET", `${ORIGIN}/${path.dirname(file).slice(4)}?key=${id}&range=30d`, { headers: { origin: ORIGIN } }), { params: Promise.resolve({}) });
      const text = await res.text();
      expect(res.status, file).toBeLessThan(500);
      expect(text, file).not.toContain("victim-only-model");
      expect(text, file).not.toContain(victim.user.email);
    }
  });
});

describe("mass assignment", () => {
  async function callAs(session: CurrentSession, file: string, method: Method, body: unknown): Promise<Response> {
    sessionMock.current = session;
    const route = await load(file);
    return route[method]!(request(method, urlOf(file).url, { headers: { origin: ORIGIN }, body }), { params: Promise.resolve({}) });
  }

  it("bodies that move money refuse fields they do not take (400/422) and change nothing", async () => {
    for (const [file, body] of [
      ["app/api/billing/top-ups/route.ts", { amount: "20", userId: victim.user.id }],
      ["app/api/billing/top-ups/route.ts", { amount: "20", accountId: randomUUID() }],
      ["app/api/billing/refunds/route.ts", { amount: "1", userId: victim.user.id }],
      ["app/api/billing/refunds/route.ts", { amount: "1", balance: "1000000" }],
    ] as const) {
      const res = await callAs(attacker, file, "POST", body);
      expect({ file, body, status: res.status }).toEqual({ file, body, status: expect.toSatisfy((status: number) => status === 400 || status === 422) });
      // Refused for the smuggled field itself, not for some other reason.
      const smuggled = Object.keys(body).find((field) => field !== "amount")!;
      expect(await res.text()).toContain(smuggled);
    }
    const { rows } = await sql<{ n: bigint }>(`select count(*)::bigint as n from refund_requests r join users u on u.id = r.user_id where u.id in ($1, $2)`, [victim.user.id, attacker.user.id]);
    expect(rows[0].n).toBe(0n);
  });

  it("profile, locale and key bodies ignore isOperator, email, balance, userId and orgId", async () => {
    const profile = await callAs(attacker, "app/api/settings/profile/route.ts", "PATCH", { name: "Renamed", isOperator: true, email: victim.user.email, balance: "1000000", role: "owner" });
    expect(profile.status).toBe(200);
    const key = await callAs(attacker, "app/api/keys/route.ts", "POST", { name: "mine", userId: victim.user.id, orgId: randomUUID(), isOperator: true, balance: "1000000", secretHash: "x" });
    expect(key.status).toBe(201);
    const { key: created } = (await key.json()) as { key: { id: string } };
    const user = await sql<{ name: string; email: string; is_operator: boolean }>(`select name, email, is_operator from users where id = $1`, [attacker.user.id]);
    expect(user.rows[0]).toEqual({ name: "Renamed", email: attacker.user.email, is_operator: false });
    const owned = await sql<{ user_id: string; org_id: string | null; secret_hash: string }>(`select user_id, org_id, secret_hash from api_keys where id = $1`, [created.id]);
    expect(owned.rows[0]).toMatchObject({ user_id: attacker.user.id, org_id: null });
    expect(owned.rows[0].secret_hash).not.toBe("x");
    const wallet = await sql<{ paid: bigint }>(`select paid from ledger_accounts where id = $1`, [await walletId({ userId: attacker.user.id })]);
    expect(wallet.rows[0]?.paid ?? 0n).toBe(0n);
  });
});
