/**
 * Secrets stay secret, end to end, on a real server.ts (relay door + built Next console) with its JSON logs
 * captured: a customer's API key, a channel's upstream secret and a distinctive prompt, sent through the relay in
 * both dialects — also to upstreams whose error bodies echo the whole request and the Authorization header — never
 * appear in any table of the database (read like a plain-text dump), in the error bodies, in the server's logs,
 * or in the console pages and JSON an operator signs in to read. Keys are kept as a hash plus prefix and last 4;
 * upstream secrets are encrypted at rest. The session cookie is HttpOnly, SameSite=Lax and Secure behind https.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, sql } from "../../lib/db";
import { resetEnv } from "../../lib/env";
import { hashPassword } from "../../lib/auth/password";
import { buildOnce, CLUSTER_AUTH_SECRET, createClusterDatabase, startInstance, type Instance } from "../cluster/support/instances";
import { waitFor } from "../cluster/support/redis-servers";
import { startFakeUpstream, type FakeUpstream } from "../fakes/upstream";
import { addChannel, anthropicClient, createCustomer, createModel, openaiClient, type Customer } from "../relay/support/harness";
import { databaseDump } from "./support/access-digest";
import { signInOverHttp, startEchoUpstream, type EchoUpstream } from "./support/secrets-server";

/** The console build this file runs: the cluster tests' by default, so `npm test` builds once. */
const DIST_DIR = process.env.SECURITY_NEXT_DIST_DIR ?? ".next-h";
const APP_URL = "https://relay.example.test";
const PASSWORD = "operator passphrase 1";
const MARK = randomBytes(6).toString("hex");
const PROMPT = `Confidential board memo ${MARK}: the purple elephant acquisition closes Friday`;
const UPSTREAM_SECRET = `sk-upstream-${MARK}-do-not-leak-0123456789`;
const ECHO_SECRET = `sk-echo-${MARK}-never-shown-9876543210`;
const CHANNEL_NAME = `sec-channel-${MARK}`;

let database: { url: string; drop: () => Promise<void> };
let instance: Instance;
let fake: FakeUpstream;
const echoes: EchoUpstream[] = [];
let customer: Customer;
let operatorEmail: string;
const errorBodies: string[] = [];

/** The forms in which each secret must never appear. */
function forbidden(): Record<string, string[]> {
  return {
    "customer API key": [customer.secret, customer.secret.slice(-24)],
    "upstream secret": [UPSTREAM_SECRET, ECHO_SECRET, UPSTREAM_SECRET.slice(-24), ECHO_SECRET.slice(-24)],
    prompt: [PROMPT, `${MARK}: the purple`, "purple elephant acquisition"],
  };
}

function leaksIn(haystack: string): string[] {
  return Object.entries(forbidden()).flatMap(([what, needles]) => needles.filter((needle) => haystack.includes(needle)).map((needle) => `${what} (${needle.slice(0, 12)}…)`));
}

beforeAll(async () => {
  await buildOnce({ distDir: DIST_DIR });
  database = await createClusterDatabase("secrets");
  // The same app secret as the server, which must decrypt the channel secrets seeded here.
  Object.assign(process.env, { DATABASE_URL: database.url, AUTH_SECRET: CLUSTER_AUTH_SECRET });
  resetEnv();
  await closeDatabase();

  fake = await startFakeUpstream();
  for (const status of [400, 500]) echoes.push(await startEchoUpstream({ status }));
  await createModel({ id: "sec-ok" });
  await createModel({ id: "sec-echo-400" });
  await createModel({ id: "sec-echo-500" });
  await addChannel({ fake, type: "openai", models: ["sec-ok"], name: CHANNEL_NAME, secrets: [UPSTREAM_SECRET] });
  await addChannel({ fake: { url: echoes[0].url } as FakeUpstream, type: "openai", models: ["sec-echo-400"], secrets: [ECHO_SECRET] });
  await addChannel({ fake: { url: echoes[1].url } as FakeUpstream, type: "openai", models: ["sec-echo-500"], secrets: [ECHO_SECRET] });
  customer = await createCustomer({ key: { name: `sec-key-${MARK}` } });
  const { rows } = await sql<{ email: string }>(`update users set is_operator = true, password_hash = $2 where id = $1 returning email`, [customer.userId, await hashPassword(PASSWORD)]);
  operatorEmail = rows[0].email;

  instance = await startInstance({ name: "secrets", env: { DATABASE_URL: database.url, NEXT_DIST_DIR: DIST_DIR, APP_URL, LOG_LEVEL: "debug" } });

  // The traffic: a served request and refused ones, in both dialects, the prompt in every one.
  const openai = openaiClient({ url: instance.url, close: async () => undefined }, customer.secret);
  const anthropic = anthropicClient({ url: instance.url, close: async () => undefined }, customer.secret);
  await openai.chat.completions.create({ model: "sec-ok", messages: [{ role: "system", content: PROMPT }, { role: "user", content: PROMPT }], max_tokens: 5 });
  await anthropic.messages.create({ model: "sec-ok", max_tokens: 5, system: PROMPT, messages: [{ role: "user", content: PROMPT }] });
  for (const model of ["sec-echo-400", "sec-echo-500"]) {
    for (const send of [
      () => openai.chat.completions.create({ model, messages: [{ role: "user", content: PROMPT }], max_tokens: 5 }),
      () => openai.chat.completions.create({ model, messages: [{ role: "user", content: PROMPT }], max_tokens: 5, stream: true }),
      () => anthropic.messages.create({ model, max_tokens: 5, messages: [{ role: "user", content: PROMPT }] }),
    ]) {
      const error = await send().then(
        () => null,
        (caught: { status?: number; error?: unknown; message?: string }) => caught,
      );
      expect(error?.status).toBeGreaterThanOrEqual(400);
      errorBodies.push(JSON.stringify({ message: error?.message, error: error?.error }));
    }
  }
  // A wrong key, and a key pasted into the model name, come back refused without being repeated.
  const raw = await fetch(`${instance.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${customer.secret}x`, "content-type": "application/json" },
    body: JSON.stringify({ model: "sec-ok", messages: [{ role: "user", content: PROMPT }] }),
  });
  errorBodies.push(await raw.text());
  await waitFor("the request log rows", async () => {
    const { rows: logged } = await sql<{ n: bigint }>(`select count(*)::bigint as n from request_logs where api_key_id = $1`, [customer.keyId]);
    return logged[0].n >= 8n;
  }, 30_000);
}, 900_000);

afterAll(async () => {
  await instance?.stop();
  await fake?.close();
  await Promise.all(echoes.map((echo) => echo.close()));
  await closeDatabase();
  await database?.drop();
}, 120_000);

describe("secrets at rest", () => {
  it("an API key is kept as a hash with only its prefix and last 4 in clear", async () => {
    const { rows } = await sql<{ secret_hash: string; prefix: string; last4: string }>(`select secret_hash, prefix, last4 from api_keys where id = $1`, [customer.keyId]);
    expect(rows[0].last4).toBe(customer.secret.slice(-4));
    expect(customer.secret.startsWith(rows[0].prefix)).toBe(true);
    expect(rows[0].prefix.length + rows[0].last4.length).toBeLessThan(customer.secret.length / 2);
    expect(rows[0].secret_hash).not.toContain(customer.secret.slice(rows[0].prefix.length, -4));
  });

  it("no table holds the key, an upstream secret or the prompt (every row of every table, as text)", async () => {
    const dump = await databaseDump();
    expect(Object.keys(dump)).toEqual(expect.arrayContaining(["api_keys", "channels", "request_logs", "audit_logs", "ledger_transactions"]));
    expect(dump.request_logs.length).toBeGreaterThanOrEqual(8);
    const leaks = Object.entries(dump).flatMap(([table, rows]) => leaksIn(rows.join("\n")).map((leak) => `${table}: ${leak}`));
    expect(leaks).toEqual([]);
  });
});

describe("secrets in flight", () => {
  it("error bodies, including upstreams that echo the request, carry no key, no upstream secret and no prompt", () => {
    expect(errorBodies).toHaveLength(7);
    expect(errorBodies.flatMap(leaksIn)).toEqual([]);
    // The upstream's own words survive where they are not the request's: the customer still learns why.
    expect(errorBodies.some((body) => body.includes("Invalid request"))).toBe(true);
  });

  it("the server's log lines carry none of them, though the echoing upstreams were logged", () => {
    const output = instance.output.join("\n");
    expect(instance.logs().some((line) => line.msg === "upstream refused a request")).toBe(true);
    expect(instance.logs().filter((line) => line.msg === "relay request").length).toBeGreaterThanOrEqual(8);
    expect(leaksIn(output)).toEqual([]);
  });
});

describe("secrets on the console's pages", () => {
  let cookie: string;
  let issued: Map<string, string>;

  beforeAll(async () => {
    try {
      ({ cookie, issued } = await signInOverHttp({ url: instance.url, email: operatorEmail, password: PASSWORD }));
    } catch (error) {
      console.log(instance.output.slice(-40).join("\n"));
      throw error;
    }
  }, 120_000);

  it("the session cookie is HttpOnly, SameSite=Lax and Secure behind https", () => {
    const session = [...issued.entries()].find(([name]) => name.endsWith("next-auth.session-token"));
    expect(session, [...issued.keys()].join(", ")).toBeDefined();
    const [name, line] = session!;
    expect(name.startsWith("__Secure-")).toBe(true);
    expect(line).toMatch(/;\s*HttpOnly/i);
    expect(line).toMatch(/;\s*SameSite=Lax/i);
    expect(line).toMatch(/;\s*Secure/i);
  });

  it("behind a trusted proxy without APP_URL, the cookie is Secure when the proxy says https", async () => {
    const proxied = await startInstance({ name: "secrets-proxied", env: { DATABASE_URL: database.url, NEXT_DIST_DIR: DIST_DIR, TRUSTED_PROXIES: "127.0.0.1/32" } });
    try {
      const sessionCookie = async (headers: Record<string, string>) => {
        const { issued: cookies } = await signInOverHttp({ url: proxied.url, email: operatorEmail, password: PASSWORD, headers });
        return [...cookies.entries()].find(([name]) => name.endsWith("next-auth.session-token"));
      };
      const overHttps = await sessionCookie({ "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.9" });
      expect(overHttps?.[1]).toMatch(/;\s*Secure/i);
      expect(overHttps?.[1]).toMatch(/;\s*HttpOnly/i);
      const overHttp = await sessionCookie({ "x-forwarded-proto": "http" });
      expect(overHttp?.[1]).toMatch(/;\s*HttpOnly/i);
      expect(overHttp?.[1]).not.toMatch(/;\s*Secure/i);
    } finally {
      await proxied.stop();
    }
  }, 180_000);

  it.each([
    ["/keys", `sec-key-${MARK}`],
    ["/usage", "sec-ok"],
    ["/dashboard", null],
    ["/playground", null],
    ["/admin", null],
    ["/admin/channels", CHANNEL_NAME],
    ["/admin/customers", null],
    ["/admin/audit", null],
    ["/admin/status", null],
    ["/api/keys", `sec-key-${MARK}`],
    ["/api/usage/logs", "sec-echo-400"],
    ["/api/usage/export?range=30d", "sec-ok"],
    ["/api/admin/channels", CHANNEL_NAME],
    ["/api/admin/audit", "key.create"],
    ["/api/admin/audit/export", "key.create"],
  ])("%s shows its data and no secret or prompt", async (path, expected) => {
    const response = await fetch(`${instance.url}${path}`, { headers: { cookie }, redirect: "manual" });
    const text = await response.text();
    expect(response.status, text.slice(0, 300)).toBe(200);
    if (expected) expect(text).toContain(expected);
    expect(leaksIn(text)).toEqual([]);
  });

  it("the customer's own page for the operator shows the key by prefix and last 4 only", async () => {
    const response = await fetch(`${instance.url}/admin/customers/${customer.userId}`, { headers: { cookie } });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toContain(customer.secret.slice(-4));
    expect(leaksIn(text)).toEqual([]);
  });
});
