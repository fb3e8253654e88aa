/**
 * Request-log benchmark: PostgreSQL's CPU per request-log row, through the production batch statement
 * (writeRequestLogs: the row, its indexes and the hourly rollups), on a table that already holds --seed rows, for
 * the relay's request ids (time first: lib/relay/request-id.ts) beside random ones of the same length.
 * Two databases in one fresh embedded server, one per kind of id, each seeded with its kind; then batches of 64
 * rows (the relay's batch size at ~2,500 requests/s) written to each in turn, --rounds times, a checkpoint before
 * each measurement (so each pays the full-page images a running server pays after its checkpoints).
 * `npm run bench -- request-log [--seed 5000000] [--rounds 8] [--batches 300]`
 * The difference grows with the table: random ids put every insert on a random page of the request-id index, and
 * once the index outgrows the database's cache those pages are read back and written out again.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { freePort, startEmbeddedPostgres } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { resetEnv } from "../lib/env";
import { newRequestId } from "../lib/relay/request-id";
import { flag } from "./args";
import { databaseCpuSeconds, postmasterPidOf } from "./proc-stats";

const BATCH = 64;
const SEED_CHUNK = 500_000;

type Kind = "time-ordered" | "random";

export async function run(args: string[]): Promise<void> {
  const seed = flag(args, "seed", 5_000_000);
  const rounds = flag(args, "rounds", 8);
  const batches = flag(args, "batches", 300);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-pg-"));
  fs.chmodSync(dataDir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: "bench" });
  try {
    const postmaster = postmasterPidOf(dataDir);
    process.env.DATABASE_URL = server.url;
    process.env.LOG_LEVEL ??= "warn";
    resetEnv();
    const { writeRequestLogs } = await import("../lib/usage/record-request");
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query("create database bench_random");
    await admin.end();
    const urls: Record<Kind, string> = { "time-ordered": server.url, random: server.url.replace(/\/bench(\?|$)/, "/bench_random$1") };
    const start = Date.now() - 30 * 86_400_000;
    const targets = {} as Record<Kind, { pool: pg.Pool; userId: string; keyId: string; newId: () => string }>;
    for (const kind of ["time-ordered", "random"] as const) {
      await migrate(urls[kind]);
      const db = new pg.Pool({ connectionString: urls[kind], max: 1 });
      const userId = (await db.query<{ id: string }>(`insert into users (email) values ('bench@example.com') returning id`)).rows[0].id;
      const keyId = (await db.query<{ id: string }>(`insert into api_keys (user_id, name, secret_hash, prefix, last4) values ($1, 'bench', md5(random()::text), 'sk-bench', '0000') returning id`, [userId])).rows[0].id;
      // the seeded ids follow the same rule as the measured ones: the relay's (milliseconds in hex, then random
      // digits) or 32 random hex digits
      const idSql = kind === "random" ? `'req_' || md5(random()::text)` : `'req_' || lpad(to_hex($5::bigint + g), 12, '0') || substr(md5(random()::text), 1, 20)`;
      const seededAt = performance.now();
      for (let from = 1; from <= seed; from += SEED_CHUNK) {
        await db.query(
          `insert into request_logs (request_id, created_at, user_id, api_key_id, endpoint, model, status, input_tokens, output_tokens, cost, latency_ms)
           select ${idSql}, to_timestamp(($5::bigint + g) / 1000.0), $1, $2, '/v1/chat/completions',
                  (array['gpt-4o', 'claude-sonnet-4-5', 'gpt-4o-mini', 'deepseek-chat'])[1 + g % 4], 200, 10, 20, 1000 + (g % 97) * 13, 3 + (g % 500)
             from generate_series($3::bigint, $4::bigint) g`,
          [userId, keyId, from, Math.min(seed, from + SEED_CHUNK - 1), start],
        );
      }
      await db.query("vacuum analyze request_logs");
      console.log(`${kind} ids: seeded ${seed.toLocaleString("en-US")} rows in ${((performance.now() - seededAt) / 1000).toFixed(0)} s`);
      targets[kind] = { pool: db, userId, keyId, newId: kind === "random" ? () => `req_${randomBytes(16).toString("hex")}` : () => newRequestId() };
    }
    let sequence = 0;
    const rows = (kind: Kind) => {
      const t = targets[kind];
      return Array.from({ length: BATCH }, () => {
        const n = sequence++;
        return {
          requestId: t.newId(), createdAt: new Date(), userId: t.userId, orgId: null, membershipId: null, apiKeyId: t.keyId, endpoint: "/v1/chat/completions",
          model: "gpt-4o", channelId: null, attempts: 1, isStream: false, status: 200, errorCode: null, inputTokens: 10, cacheReadTokens: 0,
          cacheWriteTokens: 0, outputTokens: 20, reasoningTokens: 0, imageCount: 0, cost: BigInt(1000 + (n % 97) * 13), upstreamCost: 1000n,
          latencyMs: 3 + (n % 500), ttftMs: null, usageEstimated: false, clientIp: "127.0.0.1",
        };
      });
    };
    for (const kind of ["time-ordered", "random"] as const) for (let b = 0; b < 100; b++) await writeRequestLogs(rows(kind), targets[kind].pool);
    const cpu: Record<Kind, number[]> = { "time-ordered": [], random: [] };
    const wall: Record<Kind, number[]> = { "time-ordered": [], random: [] };
    for (let round = 0; round < rounds; round++) {
      for (const kind of round % 2 === 0 ? (["random", "time-ordered"] as const) : (["time-ordered", "random"] as const)) {
        const t = targets[kind];
        await t.pool.query("checkpoint");
        const cpu0 = databaseCpuSeconds(postmaster);
        const t0 = performance.now();
        for (let b = 0; b < batches; b++) await writeRequestLogs(rows(kind), t.pool);
        cpu[kind].push(((databaseCpuSeconds(postmaster) - cpu0) * 1e6) / (batches * BATCH));
        wall[kind].push(((performance.now() - t0) * 1e3) / (batches * BATCH));
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    console.log("");
    console.log(`${rounds} interleaved rounds of ${batches} batches of ${BATCH} rows, on tables of ${seed.toLocaleString("en-US")} rows`);
    console.log("| request ids | PostgreSQL CPU µs/row (median) | each round | wall µs/row (median) | request-id index MB |");
    console.log("|---|---|---|---|---|");
    for (const kind of ["time-ordered", "random"] as const) {
      const size = await targets[kind].pool.query<{ mb: string }>(`select (pg_relation_size('request_logs_request_id_key') / 1048576)::text as mb`);
      console.log(`| ${kind} | ${median(cpu[kind]).toFixed(1)} | ${cpu[kind].map((v) => v.toFixed(0)).join(" ")} | ${median(wall[kind]).toFixed(0)} | ${size.rows[0].mb} |`);
      await targets[kind].pool.end();
    }
  } finally {
    await server.stop();
  }
}
