/**
 * Real app instances for the cluster tests: `server.ts` processes (relay door + Next, built once into .next-h),
 * each on its own port, sharing a PostgreSQL database and a Redis, with their JSON log lines captured. Also the
 * per-run database on the machine's PostgreSQL server (started if it is not running).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "../../../lib/db/embedded";
import { migrate } from "../../../lib/db/migrate";
import { waitFor } from "./redis-servers";

const ROOT = path.resolve(import.meta.dirname, "../../..");
export const DIST_DIR = ".next-h";
export const CLUSTER_AUTH_SECRET = "cluster-test-secret-0123456789abcdef0123456789";
const SYSTEM_PG_URL = process.env.TEST_CLUSTER_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/**
 * Build the console into .next-h when it is missing or older than the sources (npm start's check). Test files run
 * in parallel, so the build holds a lock (a directory, created atomically): the second file waits, then finds the
 * build fresh.
 */
export async function buildOnce({ distDir = DIST_DIR }: { distDir?: string } = {}): Promise<void> {
  const lock = path.join(ROOT, `${distDir}.lock`);
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error; // not another build's lock: say so, never wait
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 15 * 60_000) fs.rmSync(lock, { recursive: true, force: true }); // left by a killed run
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
  try {
    const result = spawnSync(process.execPath, ["scripts/build-if-stale.mjs"], {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, NEXT_DIST_DIR: distDir, NODE_ENV: "production" },
    });
    if (result.status !== 0) throw new Error("next build failed");
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh, migrated database on the machine's PostgreSQL server. */
export async function createClusterDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!(await answers(SYSTEM_PG_URL))) {
    const version = fs.readdirSync("/etc/postgresql")[0];
    spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"], { stdio: "ignore" });
    await waitFor("the system PostgreSQL", () => answers(SYSTEM_PG_URL), 30_000);
  }
  const name = `cluster_${label}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: SYSTEM_PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(SYSTEM_PG_URL);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return {
    url: url.toString(),
    drop: async () => {
      const again = new pg.Client({ connectionString: SYSTEM_PG_URL });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

export type Instance = {
  name: string;
  url: string;
  pid: number;
  /** every stdout/stderr line, as written */
  output: string[];
  /** the stdout lines that parsed as JSON */
  logs: () => LogLine[];
  stop: () => Promise<void>;
};

export async function startInstance({ name, env }: { name: string; env: Record<string, string> }): Promise<Instance> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `switchyard-${name}-`));
  const child: ChildProcess = spawn(process.execPath, ["--import", "./scripts/ts-hooks.mjs", "server.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/root",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: DIST_DIR,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      AUTH_SECRET: CLUSTER_AUTH_SECRET,
      ALLOW_LOCAL_UPSTREAMS: "1",
      LOG_LEVEL: "info",
      DB_POOL_SIZE: "8",
      ...env,
    },
  });
  const output: string[] = [];
  const collect = (stream: NodeJS.ReadableStream | null) => {
    let rest = "";
    stream?.on("data", (chunk: Buffer) => {
      const lines = (rest + chunk.toString("utf8")).split("\n");
      rest = lines.pop() ?? "";
      output.push(...lines);
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    `${name} to answer /api/health`,
    async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${output.slice(-20).join("\n")}`);
      return fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    },
    120_000,
  );
  return {
    name,
    url,
    pid: child.pid ?? 0,
    output,
    logs: () =>
      output.flatMap((line) => {
        try {
          const parsed: unknown = JSON.parse(line);
          return typeof parsed === "object" && parsed !== null ? [parsed as LogLine] : [];
        } catch {
          return [];
        }
      }),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(killer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** POST a chat completion to an instance; resolves with the status and body (never throws on HTTP errors). */
export async function chat(instance: Instance, secret: string, { model, content = "Hi", maxTokens = 5 }: { model: string; content?: string; maxTokens?: number }): Promise<{ status: number; requestId: string | null; body: string }> {
  const response = await fetch(`${instance.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: JSON.stringify({ model, max_tokens: maxTokens, messages: [{ role: "user", content }] }),
  });
  return { status: response.status, requestId: response.headers.get("x-request-id"), body: await response.text() };
}
