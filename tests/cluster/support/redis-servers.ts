/**
 * Redis for the cluster tests: the machine's shared server on 6379 (started if it is not running), used under a
 * key prefix of the test's own, and private servers on free ports for the tests that kill and restart Redis.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { freePort } from "../../../lib/db/embedded";

export const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  probe.on("error", () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** The shared Redis, started (daemonized, no persistence) when it does not answer. */
export async function ensureSharedRedis(): Promise<string> {
  if (await answers(SHARED_REDIS_URL)) return SHARED_REDIS_URL;
  spawnSync("redis-server", ["--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  for (let i = 0; i < 50 && !(await answers(SHARED_REDIS_URL)); i++) await sleep(100);
  return SHARED_REDIS_URL;
}

/** A key prefix no other test run uses. */
export function testPrefix(label: string): string {
  return `test:${label}:${randomBytes(4).toString("hex")}:`;
}

export type PrivateRedis = { url: string; port: number; stop: () => Promise<void>; start: () => Promise<void> };

/** A redis-server of the test's own on a free port, which the test may stop (SIGKILL) and start again. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn("redis-server", ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    for (let i = 0; i < 100 && !(await answers(url)); i++) await sleep(100);
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGKILL");
    await exited;
  };
  await start();
  return { url, port, start, stop };
}

/** Poll until `check` is true (or throw after `timeoutMs`, naming what was awaited). */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
