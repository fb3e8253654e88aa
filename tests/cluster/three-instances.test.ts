/**
 * Three real app instances (server.ts: relay door + Next) on one PostgreSQL database and one Redis behave as one:
 * global concurrency caps, revocation on every instance within 1 second, the 50-vs-10 race across instances,
 * shared channel health, jobs once per cluster, JSON logs without secrets or prompts, and Redis killed and
 * restarted mid-run. This process seeds through lib functions and joins the cluster too (like a console instance).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adjustCustomerBalance, setCustomerDisabled } from "../../lib/admin/customers";
import { getWalletBalance } from "../../lib/billing/accounts";
import { checkLedger } from "../../lib/billing/ledger";
import { startCluster, type Cluster } from "../../lib/cluster/start-cluster";
import { closeDatabase, sql } from "../../lib/db";
import { resetEnv } from "../../lib/env";
import { deleteApiKey } from "../../lib/keys/delete-api-key";
import { rotateApiKey } from "../../lib/keys/rotate-api-key";
import { setApiKeyEnabled } from "../../lib/keys/set-api-key-enabled";
import { startFakeUpstream, type FakeUpstream } from "../fakes/upstream";
import { addChannel, createCustomer, createModel, testCost, type Customer } from "../relay/support/harness";
import { buildOnce, chat, createClusterDatabase, startInstance, type Instance } from "./support/instances";
import { startPrivateRedis, testPrefix, waitFor, type PrivateRedis } from "./support/redis-servers";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const REVOCATION_BOUND_MS = 1_000;

let redis: PrivateRedis;
let database: { url: string; drop: () => Promise<void> };
let cluster: Cluster;
let instances: Instance[] = [];
const fakes: FakeUpstream[] = [];
let main: FakeUpstream;

async function fake(): Promise<FakeUpstream> {
  const started = await startFakeUpstream();
  fakes.push(started);
  return started;
}

/** Send until the instance refuses the secret; returns when the refusal arrived, in ms after `since`. */
async function refusedAfter(instance: Instance, secret: string, since: number, refused: number[]): Promise<number> {
  for (;;) {
    const { status } = await chat(instance, secret, { model: "cl-model" });
    if (refused.includes(status)) return performance.now() - since;
    if (performance.now() - since > 10_000) throw new Error(`${instance.name} still accepts the key (last status ${status})`);
  }
}

/** Wait until every instance has loaded the model and its channels (a customer without balance then gets 402). */
async function waitRoutable(model: string): Promise<void> {
  const broke = await createCustomer({ balance: 0n });
  await waitFor(`every instance routes ${model}`, async () => {
    const probes = await Promise.all(instances.map((i) => chat(i, broke.secret, { model })));
    return probes.every((p) => p.status === 402);
  }, 60_000);
}

async function warm(customer: Customer): Promise<void> {
  for (const instance of instances) expect((await chat(instance, customer.secret, { model: "cl-model" })).status).toBe(200);
}

beforeAll(async () => {
  await buildOnce();
  redis = await startPrivateRedis();
  database = await createClusterDatabase("main");
  const prefix = testPrefix("cluster");
  Object.assign(process.env, { DATABASE_URL: database.url, REDIS_URL: redis.url, REDIS_PREFIX: prefix, AUTH_SECRET: "cluster-test-secret-0123456789abcdef0123456789" });
  resetEnv();
  await closeDatabase();
  cluster = startCluster();

  main = await fake();
  main.setBehavior({ latencyMs: 50, inputTokens: 8 });
  await createModel({ id: "cl-model" });
  await addChannel({ fake: main, type: "openai", models: ["cl-model"] });

  instances = await Promise.all(
    ["one", "two", "three"].map((name) => startInstance({ name, env: { DATABASE_URL: database.url, REDIS_URL: redis.url, REDIS_PREFIX: prefix } })),
  );
}, 600_000);

afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop()));
  await cluster?.stop();
  await Promise.all(fakes.map((f) => f.close()));
  await closeDatabase();
  await database?.drop();
  await redis?.stop();
}, 120_000);

describe("three instances, one PostgreSQL, one Redis", () => {
  it("runs each background job on one instance of the cluster", async () => {
    const job = "billing.expire-durable-holds";
    // every instance ticks a few seconds after start: wait until all three have recorded a tick
    await waitFor("a tick from every instance", async () => {
      const { rows } = await sql<{ count: bigint }>(`select count(*)::bigint as count from job_runs where name = $1`, [job]);
      return rows[0].count === 3n;
    }, 60_000);
    const { rows } = await sql<{ holder: string; runs: bigint; skipped: bigint }>(`select holder, runs, skipped from job_runs where name = $1`, [job]);
    const pids = rows.map((r) => Number(r.holder.split("/")[1])).sort();
    expect(pids).toEqual(instances.map((i) => i.pid).sort());
    expect(rows.filter((r) => r.runs > 0n)).toHaveLength(1);
    expect(rows.filter((r) => r.runs === 0n && r.skipped > 0n)).toHaveLength(2);
  });

  it("caps a key at 10 requests in flight across all three instances", async () => {
    const hang = await fake();
    hang.setBehavior({ hang: true });
    await createModel({ id: "cl-cap" });
    await addChannel({ fake: hang, type: "openai", models: ["cl-cap"] });
    const customer = await createCustomer({ key: { concurrencyLimit: 10 } });
    await waitRoutable("cl-cap");

    const inFlight = Array.from({ length: 10 }, (_, i) => chat(instances[i % 3], customer.secret, { model: "cl-cap" }));
    await waitFor("10 requests upstream", () => hang.requests.length === 10, 60_000);
    const extra = await Promise.all(Array.from({ length: 20 }, (_, i) => chat(instances[i % 3], customer.secret, { model: "cl-cap" })));
    expect(extra.map((r) => r.status)).toEqual(Array(20).fill(429));
    expect(hang.requests.length).toBe(10);

    await hang.close(); // the hanging requests fail upstream: their slots are freed and nothing is charged
    const finished = await Promise.all(inFlight);
    for (const r of finished) expect(r.status).not.toBe(200);
    await waitFor("slots free again", async () => (await chat(instances[0], customer.secret, { model: "cl-cap" })).status !== 429);
  }, 180_000);

  it("admits at most 10 of 50 concurrent requests spread over the instances against a balance covering 10", async () => {
    const perRequest = testCost({ input: 8, output: 5 });
    const customer = await createCustomer({ balance: perRequest * 10n });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => chat(instances[i % 3], customer.secret, { model: "cl-model" })));
    const served = results.filter((r) => r.status === 200).length;
    expect(served).toBeGreaterThan(0);
    expect(served).toBeLessThanOrEqual(10);
    for (const r of results.filter((r) => r.status !== 200)) expect(r.status).toBe(402);
    await waitFor("every settlement committed", async () => (await getWalletBalance(customer.walletId)).total === perRequest * (10n - BigInt(served)));
    const { rows } = await sql<{ held: bigint }>(`select held from ledger_accounts where id = $1`, [customer.walletId]);
    expect(rows[0].held).toBe(0n);
    const check = await checkLedger();
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
  }, 120_000);

  it("a disabled, rotated or deleted key, a disabled account and an exhausted balance are refused by every instance within 1 second", async () => {
    const personal = (c: Customer) => ({ kind: "personal" as const, userId: c.userId });
    const actions: { name: string; refused: number[]; revoke: (c: Customer) => Promise<unknown> }[] = [
      { name: "key disabled", refused: [401], revoke: (c) => setApiKeyEnabled({ scope: personal(c), keyId: c.keyId, isEnabled: false, actor: { kind: "system" } }) },
      { name: "key rotated", refused: [401], revoke: (c) => rotateApiKey({ scope: personal(c), keyId: c.keyId, actor: { kind: "system" } }) },
      { name: "key deleted", refused: [401], revoke: (c) => deleteApiKey({ scope: personal(c), keyId: c.keyId, actor: { kind: "system" } }) },
      { name: "account disabled", refused: [403], revoke: (c) => setCustomerDisabled({ userId: c.userId, isDisabled: true, actor: { kind: "system" } }) },
      {
        name: "balance exhausted",
        refused: [402],
        revoke: async (c) => {
          // once the warm-up requests have settled, take everything that is left
          await waitFor("warm-up settled", async () => (await getWalletBalance(c.walletId)).held === 0n);
          const { rows } = await sql<{ available: bigint }>(`select paid + trial - held - frozen as available from ledger_accounts where id = $1`, [c.walletId]);
          await adjustCustomerBalance({ userId: c.userId, amount: -rows[0].available, reason: "cluster test: drain", requestKey: `drain:${c.userId}`, actor: { kind: "system" } });
        },
      },
    ];
    for (const action of actions) {
      const customer = await createCustomer();
      await warm(customer); // every instance has the key in its cache
      await action.revoke(customer);
      const since = performance.now();
      const delays = await Promise.all(instances.map((i) => refusedAfter(i, customer.secret, since, action.refused)));
      console.info(`revocation (${action.name}): refused after ${delays.map((d) => `${Math.round(d)} ms`).join(", ")}`);
      for (const delay of delays) expect(delay, action.name).toBeLessThan(REVOCATION_BOUND_MS);
    }
  }, 180_000);

  it("shares channel health: failures seen by one instance steer the others away from the channel", async () => {
    const bad = await fake();
    const good = await fake();
    bad.setBehavior({ status: 500 });
    good.setBehavior({ inputTokens: 8 });
    await createModel({ id: "cl-health" });
    await addChannel({ fake: bad, type: "openai", models: ["cl-health"], priority: 10 });
    await addChannel({ fake: good, type: "openai", models: ["cl-health"], priority: 0 });
    const customer = await createCustomer();
    await waitRoutable("cl-health");

    for (let i = 0; i < 3; i++) expect((await chat(instances[0], customer.secret, { model: "cl-health" })).status).toBe(200);
    const seenByBad = bad.requests.length;
    expect(seenByBad).toBeGreaterThanOrEqual(3);
    await sleep(2_000); // outcomes are published every 100 ms
    for (const instance of instances.slice(1)) {
      for (let i = 0; i < 3; i++) expect((await chat(instance, customer.secret, { model: "cl-health" })).status).toBe(200);
    }
    expect(bad.requests.length).toBe(seenByBad);
    expect(good.requests.length).toBe(9);
  }, 120_000);

  it("a DeepSeek tool loop's next turn finds its reasoning on another instance (call memories shared)", async () => {
    const thinker = await fake();
    await createModel({ id: "deepseek-chat-cl" });
    await addChannel({ fake: thinker, type: "openai", models: ["deepseek-chat-cl"] });
    const customer = await createCustomer();
    await waitRoutable("deepseek-chat-cl");
    const tools = [{ type: "function", function: { name: "read", parameters: { type: "object", properties: { path: { type: "string" } } } } }];
    const post = (instance: Instance, messages: unknown[]) =>
      fetch(`${instance.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${customer.secret}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "deepseek-chat-cl", tools, messages }),
      });
    thinker.setBehavior({ reasoning: "The file must be read first.", toolCall: { name: "read", arguments: { path: "a.txt" } } });
    const first = await post(instances[0], [{ role: "user", content: "Read a.txt" }]);
    expect(first.status).toBe(200);
    const call = ((await first.json()) as { choices: { message: { tool_calls: { id: string; function: { name: string; arguments: string } }[] } }[] }).choices[0].message.tool_calls[0];
    thinker.setBehavior({});
    await sleep(100); // the client runs its tool
    // the client keeps no reasoning (as Cursor and opencode do) and its next turn reaches the other instances
    const history = [
      { role: "user", content: "Read a.txt" },
      { role: "assistant", content: null, tool_calls: [{ id: call.id, type: "function", function: call.function }] },
      { role: "tool", tool_call_id: call.id, content: "hello" },
    ];
    for (const instance of instances.slice(1)) {
      const next = await post(instance, history);
      expect(next.status).toBe(200);
      expect((thinker.requests.at(-1)?.body as { messages: Record<string, unknown>[] }).messages[1]).toMatchObject({ role: "assistant", reasoning_content: "The file must be read first." });
    }
  }, 120_000);

  it("logs JSON lines with the request id, and never a key, an upstream secret or the prompt", async () => {
    const customer = await createCustomer();
    const prompt = `canary prompt ${customer.userId} tell me a secret`;
    const ids: string[] = [];
    for (const instance of instances) {
      const { status, requestId } = await chat(instance, customer.secret, { model: "cl-model", content: prompt });
      expect(status).toBe(200);
      expect(requestId).toBeTruthy();
      ids.push(requestId ?? "");
    }
    // the upstream refuses once: its error path logs too
    main.queue({ status: 400 });
    const refused = await chat(instances[0], customer.secret, { model: "cl-model", content: prompt });
    expect(refused.status).toBe(400);
    await sleep(500);
    for (const [n, instance] of instances.entries()) {
      const lines = instance.logs();
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.some((l) => l.requestId === ids[n] && l.msg === "relay request")).toBe(true);
      const text = instance.output.join("\n");
      expect(text).not.toContain(customer.secret);
      expect(text).not.toContain("upstream-secret-");
      expect(text).not.toContain("canary prompt");
      expect(text).not.toContain("tell me a secret");
    }
  });

  it("keeps serving with per-instance limits while Redis is away, warns, and catches up when it returns", async () => {
    const hang = await fake();
    hang.setBehavior({ hang: true });
    await createModel({ id: "cl-away" });
    await addChannel({ fake: hang, type: "openai", models: ["cl-away"] });
    const capped = await createCustomer({ key: { concurrencyLimit: 2 } });
    const plain = await createCustomer();
    await waitRoutable("cl-away");

    await redis.stop();
    await waitFor("every instance reports Redis down", async () => {
      const ready = await Promise.all(instances.map((i) => fetch(`${i.url}/api/ready`).then((r) => r.status)));
      return ready.every((s) => s === 503);
    });
    for (const instance of instances) expect((await chat(instance, plain.secret, { model: "cl-model" })).status).toBe(200);
    // the warning comes with the connection's first failed reconnect, which may follow the readiness probe's 503 by
    // a retry interval (200 ms), and reaches the collected stdout a moment later
    const hasWarned = (instance: Instance) => instance.logs().some((l) => l.level === 40 && typeof l.msg === "string" && l.msg.startsWith("redis unavailable"));
    await waitFor("every instance warns that Redis is unavailable", () => instances.every(hasWarned), 10_000);
    // per instance: two in flight on each of the first two instances (four in all, over the key's cap of 2)
    const inFlight = [0, 0, 1, 1].map((n) => chat(instances[n], capped.secret, { model: "cl-away" }));
    await waitFor("4 requests upstream", () => hang.requests.length === 4, 60_000);
    expect((await chat(instances[0], capped.secret, { model: "cl-away" })).status).toBe(429);

    await redis.start(); // an empty Redis: the instances register what they still have in flight
    await waitFor("every instance reports Redis back", async () => {
      const ready = await Promise.all(instances.map((i) => fetch(`${i.url}/api/ready`).then((r) => r.status)));
      return ready.every((s) => s === 200);
    }, 60_000);
    await waitFor("the third instance sees the cluster's four slots", async () => (await chat(instances[2], capped.secret, { model: "cl-away" })).status === 429);
    expect(hang.requests.length).toBe(4);

    await hang.close();
    for (const r of await Promise.all(inFlight)) expect(r.status).not.toBe(200);
    await waitFor("slots free again", async () => (await chat(instances[2], capped.secret, { model: "cl-away" })).status !== 429);
    for (const instance of instances) expect((await chat(instance, plain.secret, { model: "cl-model" })).status).toBe(200);
  }, 180_000);
});
