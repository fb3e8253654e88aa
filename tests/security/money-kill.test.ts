/**
 * Money: `kill -9` of the app (a real server.ts process) in the middle of relay traffic — streams half delivered,
 * holds pending, settlements queued. After a restart on the same database every hold is resolved (the durable ones
 * of the dead process expired by the cluster's sweeper job, HOLD_TTL_MS / HOLD_SWEEP_EVERY_MS made short here),
 * nothing stays reserved, every usage charge belongs to a settled hold, and ledger:check's invariants hold.
 * Both hold engines: durable (rows that outlive the process) and the in-memory hot path (nothing durable to leak).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getWalletBalance } from "../../lib/billing/accounts";
import { checkLedger } from "../../lib/billing/ledger";
import { closeDatabase, sql } from "../../lib/db";
import { startFakeUpstream, type FakeUpstream } from "../fakes/upstream";
import type { Instance } from "../cluster/support/instances";
import { waitFor } from "../cluster/support/redis-servers";
import { prepareAppDatabase, startApp, type AppDatabase } from "./support/money-app";
import { addChannel, createCustomer, createModel, type Customer } from "../relay/support/harness";

const BALANCE = 50_000_000n;

let database: AppDatabase;
let upstream: FakeUpstream;
const started: Instance[] = [];

async function start(name: string, env: Record<string, string>): Promise<Instance> {
  const instance = await startApp({ name, database, env });
  started.push(instance);
  return instance;
}

/** One streaming chat request, read to its end or its break; never throws. */
async function stream(instance: Instance, secret: string): Promise<void> {
  try {
    const response = await fetch(`${instance.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "kill-model", max_tokens: 100, stream: true, messages: [{ role: "user", content: "Count slowly" }] }),
    });
    await response.text();
  } catch {
    // the app died under it
  }
}

/** Wait until the app routes the model (its channel table and catalog loaded), with one billed request. */
async function ready(instance: Instance, secret: string): Promise<void> {
  let last = "";
  await waitFor(`${instance.name} to serve kill-model (last: ${last})`, async () => {
    const response = await fetch(`${instance.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "kill-model", max_tokens: 5, messages: [{ role: "user", content: "Hi" }] }),
    });
    last = `${response.status} ${await response.text()}`;
    return response.status === 200;
  }, 30_000);
}

/** Streams and JSON requests until the app dies; resolves once it is dead and every request has ended. */
async function trafficUntilKilled(instance: Instance, customer: Customer, { killAfterMs }: { killAfterMs: number }): Promise<void> {
  const inflight: Promise<void>[] = [];
  let isDead = false;
  const killer = new Promise<void>((resolve) =>
    setTimeout(() => {
      process.kill(instance.pid, "SIGKILL");
      isDead = true;
      resolve();
    }, killAfterMs),
  );
  for (let i = 0; i < 40; i++) inflight.push(stream(instance, customer.secret));
  const loop = (async () => {
    while (!isDead) {
      await Promise.all(Array.from({ length: 5 }, () => stream(instance, customer.secret)));
    }
  })();
  await killer;
  await Promise.all([...inflight, loop]);
}

async function pendingHolds(): Promise<number> {
  const { rows } = await sql<{ count: number }>(`select count(*)::int as count from holds where status = 'pending'`);
  return rows[0].count;
}

async function expectBooksClean(customer: Customer): Promise<void> {
  const check = await checkLedger();
  expect(check.problems).toEqual([]);
  expect(check.ok).toBe(true);
  const balance = await getWalletBalance(customer.walletId);
  expect(balance.held).toBe(0n);
  expect(balance.paid).toBeLessThanOrEqual(BALANCE);
  const { rows: keys } = await sql<{ held: bigint; spent: bigint }>(`select held, spent from api_keys where id = $1`, [customer.keyId]);
  expect(keys[0].held).toBe(0n);
  // what the key spent is exactly what its wallet was charged for usage
  expect(keys[0].spent).toBe(BALANCE - balance.paid);
  // every usage charge belongs to a hold that ended settled (durable holds), never to one expired or voided
  const { rows: orphans } = await sql<{ count: number }>(
    `select count(*)::int as count from usage_postings p join holds h on h.id = p.hold_id where h.status <> 'settled'`,
  );
  expect(orphans[0].count).toBe(0);
}

beforeAll(async () => {
  database = await prepareAppDatabase("money_kill");
  upstream = await startFakeUpstream({ behavior: { chunks: 20, chunkDelayMs: 60, latencyMs: 20 } });
  await createModel({ id: "kill-model", maxOutputTokens: 1_000 });
  await addChannel({ fake: upstream, type: "openai", models: ["kill-model"] });
}, 600_000);

afterAll(async () => {
  for (const instance of started) await instance.stop().catch(() => undefined);
  await upstream?.close();
  await closeDatabase();
  await database?.drop();
}, 60_000);

describe("kill -9 of the app under relay load", () => {
  it("durable holds: the dead process's pending holds are expired by the sweeper after restart; the ledger is whole", async () => {
    const customer = await createCustomer({ balance: BALANCE });
    const env = { HOLDS_ENGINE: "durable", HOLD_TTL_MS: "4000", HOLD_SWEEP_EVERY_MS: "1000" };
    const first = await start("kill-durable-1", env);
    await ready(first, customer.secret);
    await trafficUntilKilled(first, customer, { killAfterMs: 1_500 });
    // the kill caught requests in flight: their holds are still pending in the database
    expect(await pendingHolds()).toBeGreaterThan(0);

    const second = await start("kill-durable-2", env);
    await waitFor("every hold resolved after the restart", async () => (await pendingHolds()) === 0, 90_000);
    const { rows } = await sql<{ status: string; count: number }>(`select status, count(*)::int as count from holds group by status order by status`);
    expect(rows.find((r) => r.status === "expired")?.count).toBeGreaterThan(0);
    expect(rows.find((r) => r.status === "settled")?.count).toBeGreaterThan(0);
    await expectBooksClean(customer);
    // and the app serves the customer again, billing normally
    await stream(second, customer.secret);
    await waitFor("the new request settled", async () => (await pendingHolds()) === 0, 10_000);
    await expectBooksClean(customer);
  }, 240_000);

  it("in-memory holds: nothing the dead process reserved stays reserved; the ledger is whole", async () => {
    const customer = await createCustomer({ balance: BALANCE });
    const first = await start("kill-memory-1", { HOLDS_ENGINE: "memory" });
    await ready(first, customer.secret);
    await trafficUntilKilled(first, customer, { killAfterMs: 1_500 });
    const settled = await sql<{ count: number }>(`select count(*)::int as count from usage_postings where api_key_id = $1`, [customer.keyId]);
    expect(settled.rows[0].count).toBeGreaterThan(0);
    await expectBooksClean(customer);

    const second = await start("kill-memory-2", { HOLDS_ENGINE: "memory" });
    // the whole remaining balance can be reserved again by the restarted app
    const before = await getWalletBalance(customer.walletId);
    await stream(second, customer.secret);
    await waitFor("the new request settled", async () => (await getWalletBalance(customer.walletId)).paid < before.paid, 10_000);
    await expectBooksClean(customer);
  }, 240_000);
});
