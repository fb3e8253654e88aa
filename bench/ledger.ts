/**
 * Ledger benchmark: hold+settle pairs per second through the public holds API, 64 concurrent callers, on one wallet
 * and on 1,000 wallets (each with an API key, as the relay calls it), against a fresh embedded PostgreSQL
 * (or BENCH_DATABASE_URL). Ends with ledger:check. `npm run bench -- ledger [--seconds 5] [--callers 64] [--batches 200]`
 * (--batches: how many commits of 64 settlements the two fixed-batch lines measure; more for a steadier figure)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { freePort, startEmbeddedPostgres } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { resetEnv } from "../lib/env";
import { flag } from "./args";
import { databaseCpuSeconds, postmasterPidOf } from "./proc-stats";

export async function run(args: string[]): Promise<void> {
  const seconds = flag(args, "seconds", 5);
  const callers = flag(args, "callers", 64);
  const batches = flag(args, "batches", 200);
  let stop = async () => undefined as void;
  let dataDir: string | undefined;
  let url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-pg-"));
    fs.chmodSync(dataDir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: "bench" });
    url = server.url;
    stop = server.stop;
  }
  // the embedded database's CPU so far, in seconds (null with BENCH_DATABASE_URL: another machine's, or shared)
  const postmaster = dataDir ? postmasterPidOf(dataDir) : null;
  const postgresCpuSeconds = () => (postmaster === null ? null : databaseCpuSeconds(postmaster));
  process.env.DATABASE_URL = url;
  process.env.LOG_LEVEL ??= "warn";
  resetEnv();
  await migrate(url);
  const { sql, closeDatabase } = await import("../lib/db");
  const { walletId } = await import("../lib/billing/accounts");
  const { creditWallet, checkLedger } = await import("../lib/billing/ledger");
  const { placeHold, settleHold } = await import("../lib/billing/holds");
  const { stopListening } = await import("../lib/billing/ledger-listener");

  async function makeWallets(count: number, tag: string): Promise<{ walletId: string; apiKey: { id: string; creditCap: bigint } }[]> {
    const users = await sql<{ id: string }>(`insert into users (email) select $1 || g || '@bench.local' from generate_series(1, $2::int) g returning id`, [tag, count]);
    const out: { walletId: string; apiKey: { id: string; creditCap: bigint } }[] = [];
    for (const { id: userId } of users.rows) {
      await creditWallet({ owner: { userId }, amount: 1_000_000_000_000n, bucket: "paid", source: "card_payments", kind: "topup", idempotencyKey: `bench:${userId}` });
      const key = await sql<{ id: string }>(
        `insert into api_keys (user_id, name, secret_hash, prefix, last4) values ($1, 'bench', md5(random()::text), 'sk-bench', '0000') returning id`,
        [userId],
      );
      out.push({ walletId: await walletId({ userId }), apiKey: { id: key.rows[0].id, creditCap: 0n } });
    }
    return out;
  }

  async function scenario(label: string, targets: { walletId: string; apiKey: { id: string; creditCap: bigint } }[]): Promise<number> {
    let pairs = 0;
    let sequence = 0;
    const cpuBefore = process.cpuUsage();
    const pgBefore = postgresCpuSeconds();
    const latencies: number[] = [];
    const deadline = performance.now() + seconds * 1000;
    const startedAt = performance.now();
    await Promise.all(
      Array.from({ length: callers }, async (_, caller) => {
        while (performance.now() < deadline) {
          const n = sequence++;
          const target = targets[(n + caller) % targets.length];
          const t0 = performance.now();
          const hold = await placeHold({ walletId: target.walletId, amount: 20_000n, idempotencyKey: `${label}:${n}`, apiKey: target.apiKey });
          await settleHold(hold, { cost: 12_345n, requestId: `${label}:${n}` });
          if (n % 16 === 0) latencies.push(performance.now() - t0);
          pairs += 1;
        }
      }),
    );
    const elapsed = (performance.now() - startedAt) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]?.toFixed(2);
    const rate = Math.round(pairs / elapsed);
    const cpu = process.cpuUsage(cpuBefore);
    const nodeUs = (cpu.user + cpu.system) / pairs;
    const pgAfter = postgresCpuSeconds();
    const pgUs = pgBefore !== null && pgAfter !== null ? ((pgAfter - pgBefore) * 1e6) / pairs : null;
    // CPU per pair is what the machine's load does not change much: 2 cores ÷ (node + PostgreSQL CPU per pair)
    const cpuText = pgUs !== null ? `; CPU per pair: node ${nodeUs.toFixed(0)} µs + PostgreSQL ${pgUs.toFixed(0)} µs → ${Math.round(2e6 / (nodeUs + pgUs))} pairs/s on 2 idle cores` : `; node CPU ${nodeUs.toFixed(0)} µs per pair`;
    console.log(`${label.padEnd(12)} ${String(rate).padStart(7)} pairs/s  (${pairs} pairs in ${elapsed.toFixed(1)} s, ${callers} callers; pair latency p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms${cpuText})`);
    return rate;
  }

  /**
   * PostgreSQL and Node CPU per pair when every commit carries exactly `size` settlements (64 holds placed, then
   * settled together): the SQL work per settlement, which the machine's load does not change (the rate does).
   */
  async function fixedBatches(label: string, targets: { walletId: string; apiKey: { id: string; creditCap: bigint } }[], rounds: number, size = 64): Promise<void> {
    const cpuBefore = process.cpuUsage();
    const pgBefore = postgresCpuSeconds();
    for (let round = 0; round < rounds; round++) {
      const holds = await Promise.all(
        Array.from({ length: size }, (_, i) => {
          const target = targets[(round * size + i) % targets.length];
          return placeHold({ walletId: target.walletId, amount: 20_000n, idempotencyKey: `${label}:${round}:${i}`, apiKey: target.apiKey });
        }),
      );
      await Promise.all(holds.map((hold) => settleHold(hold, { cost: 12_345n, requestId: hold.id })));
    }
    const pairs = rounds * size;
    const cpu = process.cpuUsage(cpuBefore);
    const pgAfter = postgresCpuSeconds();
    const pgText = pgBefore !== null && pgAfter !== null ? `PostgreSQL ${(((pgAfter - pgBefore) * 1e6) / pairs).toFixed(0)} µs + ` : "";
    console.log(`${label.padEnd(22)} CPU per pair: ${pgText}node ${((cpu.user + cpu.system) / pairs).toFixed(0)} µs (${rounds} commits of ${size} settlements)`);
  }

  try {
    const one = await makeWallets(1, "one");
    const many = await makeWallets(1000, "many");
    // Statistics as a running database has them (autovacuum analyzes within a minute of traffic). Without them the
    // planner takes the freshly made ledger tables for a few pages, and the foreign-key checks cache a sequential
    // scan of ledger_transactions for the life of each connection: a cost that grows with every settlement.
    await sql("analyze");
    // the relay's views are warm in steady state: load every wallet and key once before measuring
    await scenario("warm-up", [...one, ...many]);
    await scenario("1 wallet", one);
    await scenario("1000 wallets", many);
    await fixedBatches("batch of 64, 1 wallet", one, batches);
    await fixedBatches("batch of 64, 64 wallets", many, batches);
    // a lone settlement (each waits out the commit window): what a commit costs whatever its size
    await fixedBatches("batch of 1", one, Math.min(batches, 200), 1);
    const check = await checkLedger();
    console.log(`ledger:check ${check.ok ? "ok" : "FAILED"}: ${check.accounts} accounts, ${check.transactions} transactions${check.ok ? "" : `\n${JSON.stringify(check.problems.slice(0, 10))}`}`);
    if (!check.ok) process.exitCode = 1;
  } finally {
    await stopListening();
    await closeDatabase();
    await stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
