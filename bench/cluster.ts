/**
 * Cluster benchmark: 1, 2 and 3 app instances (relay doors, each in its own process) sharing one PostgreSQL and
 * one Redis, against the same fake upstream, with authentication, limits and billing on. Load: `--clients` loops
 * (default 64) spread round-robin over the instances, each with its own customer and key, JSON chat completions.
 * Prints throughput, p50/p99 latency, and CPU per request of the instances (and of Redis); and compares Redis-backed
 * limits with in-process ones on one instance. Ends with ledger:check.
 * `npm run bench -- cluster [--seconds 5] [--clients 64]`
 * PostgreSQL: a fresh database on BENCH_PG_URL (default the machine's server, postgresql://postgres@127.0.0.1:5432);
 * Redis: a redis-server of its own on a free port.
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { freePort } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { resetEnv } from "../lib/env";
import { flag } from "./args";

type Sample = { ok: number; failed: number; latencies: number[] };
type Scenario = { label: string; instances: number; isRedis: boolean; holds: "memory" | "durable" };

function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

function child(file: string, env: Record<string, string>): Promise<ChildProcess & { port: number }> {
  const proc = fork(file, { execArgv: ["--import", "./scripts/ts-hooks.mjs"], env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    proc.once("message", (message) => resolve(Object.assign(proc, { port: Number((message as { port?: number }).port ?? 0), message })));
    proc.once("exit", (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

async function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const exited = new Promise((resolve) => proc.once("exit", resolve));
  proc.kill("SIGTERM");
  await exited;
}

/** Each client sends back to back for `seconds` to its instance with its own key. */
async function load({ urls, secrets, body, seconds, agent }: { urls: string[]; secrets: string[]; body: string; seconds: number; agent: http.Agent }): Promise<Sample> {
  const sample: Sample = { ok: 0, failed: 0, latencies: [] };
  const endAt = performance.now() + seconds * 1000;
  const one = (url: URL, secret: string) =>
    new Promise<void>((resolve) => {
      const start = performance.now();
      const req = http.request(
        { host: url.hostname, port: url.port, path: "/v1/chat/completions", method: "POST", agent, headers: { "content-type": "application/json", authorization: `Bearer ${secret}`, "content-length": Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on("end", () => {
            if (res.statusCode === 200) {
              sample.ok++;
              sample.latencies.push(performance.now() - start);
            } else sample.failed++;
            resolve();
          });
        },
      );
      req.on("error", () => {
        sample.failed++;
        resolve();
      });
      req.end(body);
    });
  await Promise.all(
    secrets.map(async (secret, i) => {
      const url = new URL(urls[i % urls.length]);
      while (performance.now() < endAt) await one(url, secret);
    }),
  );
  return sample;
}

/**
 * The limiter alone, in this process: one request's limit work (acquire a slot, count it against the minute,
 * release) done back to back by `callers` concurrent loops, with the in-process limiter and with the Redis one.
 */
async function limiterOnly({ redisUrl, seconds, callers }: { redisUrl: string; seconds: number; callers: number }): Promise<string[]> {
  const { createMemoryLimiter } = await import("../lib/relay/limits/limiter");
  const { createRedisConnection } = await import("../lib/cluster/redis");
  const { createRedisLimiter } = await import("../lib/cluster/redis-limiter");
  const connection = createRedisConnection({ url: redisUrl, role: "bench" });
  while (connection.status !== "ready") await new Promise((resolve) => setTimeout(resolve, 20));
  const redisLimiter = createRedisLimiter({ connection, prefix: `bench:limiter:${randomBytes(3).toString("hex")}:` });
  const lines: string[] = [];
  for (const [label, limiter] of [["in-process", createMemoryLimiter()], ["Redis", redisLimiter]] as const) {
    let done = 0;
    const latencies: number[] = [];
    const cpu0 = process.cpuUsage();
    const endAt = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: callers }, async (_, i) => {
        const keyId = `key-${i}`;
        while (performance.now() < endAt) {
          const start = performance.now();
          const release = await limiter.acquire(keyId, 100);
          await limiter.hitRpm(keyId, 1_000_000_000);
          release?.();
          latencies.push(performance.now() - start);
          done++;
        }
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    lines.push(`| ${label} | ${Math.round(done / seconds).toLocaleString("en-US")} | ${(percentile(latencies, 50) * 1000).toFixed(0)} µs | ${(((cpu.user + cpu.system) / done)).toFixed(1)} µs |`);
  }
  redisLimiter.stop();
  connection.disconnect();
  return lines;
}

export async function run(args: string[]): Promise<void> {
  const seconds = flag(args, "seconds", 5);
  const clients = flag(args, "clients", 64);
  const adminUrl = process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const dbName = `bench_cluster_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const url = dbUrl.toString();

  const redisPort = await freePort();
  const redisServer = spawn("redis-server", ["--bind", "127.0.0.1", "--port", String(redisPort), "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const redisUrl = `redis://127.0.0.1:${redisPort}`;

  const env: Record<string, string> = { DATABASE_URL: url, ALLOW_LOCAL_UPSTREAMS: "1", LOG_LEVEL: "warn", NODE_ENV: "production", AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0123", DB_POOL_SIZE: "16" };
  Object.assign(process.env, env);
  resetEnv();
  await migrate(url);

  const upstream = await new Promise<{ proc: ChildProcess; url: string }>((resolve, reject) => {
    const proc = fork("bench/relay-upstream.ts", { execArgv: ["--import", "./scripts/ts-hooks.mjs"], env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    proc.once("message", (message) => resolve({ proc, url: String((message as { url: string }).url) }));
    proc.once("exit", (code) => reject(new Error(`fake upstream exited with ${code}`)));
  });

  // seed through the library functions: a model, a channel to the fake, one customer (wallet + key) per client
  const { upsertModel, setPrice } = await import("../lib/billing/pricing");
  const { createChannel } = await import("../lib/channels/create-channel");
  const { creditWallet, checkLedger } = await import("../lib/billing/ledger");
  const { createApiKey } = await import("../lib/keys/create-api-key");
  const { sql, closeDatabase } = await import("../lib/db");
  await upsertModel({ id: "bench-model", vendor: "bench", kind: "chat", contextWindow: 128_000, maxOutputTokens: 1_000, modalities: ["text"], isVisible: true });
  await setPrice({ modelId: "bench-model", inputPerM: 1_000_000n, outputPerM: 2_000_000n, effectiveFrom: new Date(Date.now() - 60_000), actor: { kind: "system" } });
  await createChannel({ input: { name: "bench", type: "openai", baseUrl: `${upstream.url}/v1`, secrets: ["bench-upstream-key"], models: ["bench-model"] }, actor: { kind: "system" } });
  const secrets: string[] = [];
  for (let i = 0; i < clients; i++) {
    const { rows } = await sql<{ id: string }>(`insert into users (email) values ($1) returning id`, [`bench-${i}@example.com`]);
    await creditWallet({ owner: { userId: rows[0].id }, amount: 1_000_000_000_000n, bucket: "paid", source: "card_payments", kind: "topup", idempotencyKey: `bench-topup-${i}` });
    secrets.push((await createApiKey({ userId: rows[0].id, input: { name: "bench", concurrencyLimit: 10_000, rpmLimit: 1_000_000 }, actor: { kind: "system" } })).secret);
  }

  const scenarios: Scenario[] = [
    { label: "1 instance, in-process limits, in-memory holds (one machine)", instances: 1, isRedis: false, holds: "memory" },
    { label: "1 instance, Redis limits, in-memory holds", instances: 1, isRedis: true, holds: "memory" },
    { label: "1 instance, Redis limits, durable holds (cluster)", instances: 1, isRedis: true, holds: "durable" },
    { label: "2 instances, Redis limits, durable holds (cluster)", instances: 2, isRedis: true, holds: "durable" },
    { label: "3 instances, Redis limits, durable holds (cluster)", instances: 3, isRedis: true, holds: "durable" },
    // the first scenario also pays for a cold database and caches: run it again last to see the order effect
    { label: "1 instance, in-process limits, in-memory holds (again, last)", instances: 1, isRedis: false, holds: "memory" },
  ];
  const body = JSON.stringify({ model: "bench-model", max_tokens: 100, messages: [{ role: "user", content: "Say hello" }] });
  const rows: string[] = [];
  console.log(`cluster bench: ${clients} clients, ${seconds} s per scenario, load average ${(await import("node:os")).loadavg()[0].toFixed(1)}`);
  for (const scenario of scenarios) {
    const instanceEnv = { ...env, HOLDS_ENGINE: scenario.holds, REDIS_PREFIX: `bench:${randomBytes(3).toString("hex")}:`, ...(scenario.isRedis ? { REDIS_URL: redisUrl } : { REDIS_URL: "" }) };
    const procs = await Promise.all(Array.from({ length: scenario.instances }, () => child("bench/cluster-instance.ts", instanceEnv)));
    const urls = procs.map((p) => `http://127.0.0.1:${p.port}`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: clients + 16 });
    await load({ urls, secrets, body, seconds: 1, agent }); // warm-up: caches, views, connections, JIT
    const cpu0 = procs.map((p) => cpuSeconds(p.pid as number));
    const redisCpu0 = cpuSeconds(redisServer.pid as number);
    const t0 = performance.now();
    const sample = await load({ urls, secrets, body, seconds, agent });
    const elapsed = (performance.now() - t0) / 1000;
    const cpu = procs.reduce((sum, p, i) => sum + cpuSeconds(p.pid as number) - cpu0[i], 0);
    const redisCpu = cpuSeconds(redisServer.pid as number) - redisCpu0;
    agent.destroy();
    await Promise.all(procs.map(stopChild));
    const line = `| ${scenario.label} | ${Math.round(sample.ok / elapsed).toLocaleString("en-US")} | ${percentile(sample.latencies, 50).toFixed(1)} ms | ${percentile(sample.latencies, 99).toFixed(1)} ms | ${((cpu / Math.max(1, sample.ok)) * 1e6).toFixed(0)} µs | ${scenario.isRedis ? `${((redisCpu / Math.max(1, sample.ok)) * 1e6).toFixed(0)} µs` : "—"} | ${sample.failed} |`;
    rows.push(line);
    console.log(line);
  }
  console.log("\n| scenario | req/s | p50 | p99 | instance CPU per request | Redis CPU per request | failed |\n|---|---|---|---|---|---|---|");
  for (const line of rows) console.log(line);

  const limiterLines = await limiterOnly({ redisUrl, seconds, callers: clients });
  console.log(`\nlimiter alone (acquire + RPM + release per request, ${clients} concurrent callers, one process):`);
  console.log("| limiter | requests/s | p50 per request | Node CPU per request |\n|---|---|---|---|");
  for (const line of limiterLines) console.log(line);

  const check = await checkLedger();
  console.log(`ledger:check ${check.ok ? "passed" : "FAILED"} (${check.transactions} transactions)`);
  await closeDatabase();
  await stopChild(upstream.proc);
  redisServer.kill("SIGKILL");
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  if (!check.ok) process.exitCode = 1;
}
