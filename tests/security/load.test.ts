/**
 * Load: one real app process (server.ts) takes 500 concurrent slow streams and, while they run, a burst of 5,000
 * requests. It must not crash, its memory must stay bounded (RSS sampled from /proc before, during and after — a
 * generous bound, not a speed), and every request must be billed or free by the rules: each served request costs
 * what its log row says, the log rows' costs sum to the usage revenue in the ledger and to what the wallets lost,
 * nothing stays held, and ledger:check passes. Speed belongs to `npm run bench`; nothing here is timed.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getWalletBalance, systemAccountId } from "../../lib/billing/accounts";
import { checkLedger } from "../../lib/billing/ledger";
import { closeDatabase, sql } from "../../lib/db";
import { startFakeUpstream, type FakeUpstream } from "../fakes/upstream";
import type { Instance } from "../cluster/support/instances";
import { waitFor } from "../cluster/support/redis-servers";
import { prepareAppDatabase, startApp, type AppDatabase } from "./support/money-app";
import { addChannel, createCustomer, createModel, testCost, type Customer } from "../relay/support/harness";

const STREAMS = 500;
const BURST = 5_000;
const CUSTOMERS = 10;
const BALANCE = 100_000_000n;
const MB = 1024 * 1024;

let database: AppDatabase;
let slow: FakeUpstream;
let quick: FakeUpstream;
let app: Instance;
const customers: Customer[] = [];

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

async function post(path: string, secret: string, body: unknown): Promise<number> {
  try {
    const response = await fetch(`${app.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    await response.text();
    return response.status;
  } catch {
    return 0;
  }
}

async function inBatches(total: number, concurrency: number, send: (i: number) => Promise<number>): Promise<number[]> {
  const statuses: number[] = new Array(total);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        statuses[i] = await send(i);
      }
    }),
  );
  return statuses;
}

beforeAll(async () => {
  database = await prepareAppDatabase("load");
  slow = await startFakeUpstream({ behavior: { chunks: 10, chunkDelayMs: 300, inputTokens: 8 } });
  quick = await startFakeUpstream({ behavior: { inputTokens: 8 } });
  await createModel({ id: "load-slow" });
  await createModel({ id: "load-quick" });
  await addChannel({ fake: slow, type: "openai", models: ["load-slow"], timeoutMs: 30_000 });
  await addChannel({ fake: quick, type: "openai", models: ["load-quick"], timeoutMs: 30_000 });
  for (let i = 0; i < CUSTOMERS; i++) customers.push(await createCustomer({ balance: BALANCE, key: { concurrencyLimit: 1_000 } }));
  app = await startApp({ name: "load", database, env: { DB_POOL_SIZE: "20" } });
}, 600_000);

afterAll(async () => {
  await app?.stop().catch(() => undefined);
  await slow?.close();
  await quick?.close();
  await closeDatabase();
  await database?.drop();
}, 60_000);

describe("load on one app process", () => {
  it("500 slow streams and a burst of 5,000: no crash, bounded memory, every request billed or free by the rules", async () => {
    // warm up (connections, caches, JIT) so "before" is the app at work, not the app at rest
    await inBatches(200, 20, (i) => post("/v1/chat/completions", customers[i % CUSTOMERS].secret, { model: "load-quick", max_tokens: 5, messages: [{ role: "user", content: "Hi" }] }));
    const before = rssOf(app.pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssOf(app.pid));
    }, 200);

    const streams = Promise.all(
      Array.from({ length: STREAMS }, (_, i) =>
        post("/v1/chat/completions", customers[i % CUSTOMERS].secret, { model: "load-slow", max_tokens: 20, stream: true, messages: [{ role: "user", content: "Hi" }] }),
      ),
    );
    const burst = inBatches(BURST, 250, (i) =>
      post("/v1/chat/completions", customers[i % CUSTOMERS].secret, { model: "load-quick", max_tokens: 5, messages: [{ role: "user", content: "Hi" }] }),
    );
    const [streamStatuses, burstStatuses] = await Promise.all([streams, burst]);
    clearInterval(sampler);
    const after = rssOf(app.pid);

    // no crash: every request answered, the process still serves
    expect(streamStatuses.filter((s) => s !== 200)).toEqual([]);
    expect(burstStatuses.filter((s) => s !== 200)).toEqual([]);
    expect((await fetch(`${app.url}/api/health`)).ok).toBe(true);
    // memory bounded: generous, but a leak of a few KB per request (5,700 of them) or a buffered stream would show
    console.info(`load: RSS before ${Math.round(before / MB)} MB, peak ${Math.round(peak / MB)} MB, after ${Math.round(after / MB)} MB`);
    expect(peak - before).toBeLessThan(600 * MB);
    expect(after - before).toBeLessThan(300 * MB);

    // every request has its log row (written in batches after the response)
    const total = 200 + STREAMS + BURST;
    await waitFor("every request logged", async () => {
      const { rows } = await sql<{ count: number }>(`select count(*)::int as count from request_logs`);
      return rows[0].count === total;
    }, 60_000);
    const { rows: byModel } = await sql<{ model: string; count: number; cost: bigint; status_ok: number }>(
      `select model, count(*)::int as count, sum(cost)::bigint as cost, count(*) filter (where status = 200)::int as status_ok from request_logs group by model order by model`,
    );
    // billed by the rules: the fake reports 8 prompt tokens; 10 output tokens per stream, 5 per JSON answer
    expect(byModel).toEqual([
      { model: "load-quick", count: 200 + BURST, cost: BigInt(200 + BURST) * testCost({ input: 8, output: 5 }), status_ok: 200 + BURST },
      { model: "load-slow", count: STREAMS, cost: BigInt(STREAMS) * testCost({ input: 8, output: 10 }), status_ok: STREAMS },
    ]);
    const logged = byModel.reduce((sum, row) => sum + row.cost, 0n);

    // the ledger agrees: usage revenue = the log rows' costs = what the wallets lost, and nothing is held
    await waitFor("every settlement committed", async () => {
      const wallets = await Promise.all(customers.map((c) => getWalletBalance(c.walletId)));
      return wallets.reduce((sum, w) => sum + (BALANCE - w.paid), 0n) === logged;
    }, 30_000);
    const revenueId = await systemAccountId("usage_revenue");
    const { rows: revenue } = await sql<{ total: bigint }>(`select coalesce(sum(amount), 0)::bigint as total from ledger_entries where account_id = $1`, [revenueId]);
    expect(revenue[0].total).toBe(logged);
    for (const customer of customers) expect((await getWalletBalance(customer.walletId)).held).toBe(0n);
    const check = await checkLedger();
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
  }, 180_000);
});
