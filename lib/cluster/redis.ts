/**
 * The shared Redis connection (ioredis) when REDIS_URL is set. Commands fail fast while Redis is away
 * (no offline queue), so callers can fall back to per-instance behaviour and catch up when it returns.
 * Every key and pub/sub channel carries REDIS_PREFIX, so deployments and test runs can share one Redis.
 */
import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { env } from "../env";
import { logger } from "../log";
import { singleton } from "../singleton";

export function isRedisConfigured(): boolean {
  return Boolean(env().REDIS_URL);
}

/**
 * A connection that never queues commands while Redis is away and reconnects on its own (backing off up to 2 s).
 * `role` names it in the single warning logged when Redis goes away.
 */
export function createRedisConnection({ url, role }: { url: string; role: string }): Redis {
  const connection = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // commands never wait for a connection (no offline queue), so this only bounds one attempt; generous, since a
    // process busy starting up can hold its event loop for seconds
    connectTimeout: 10_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    lazyConnect: false,
  });
  let isWarned = false;
  connection.on("error", (error: Error) => {
    if (!isWarned) logger().warn({ err: error.message, role }, "redis unavailable; using per-instance limits until it returns");
    isWarned = true;
  });
  connection.on("ready", () => {
    if (isWarned) logger().info({ role }, "redis is back");
    isWarned = false;
  });
  return connection;
}

/** The command connection, or null without REDIS_URL. */
export function redis(): Redis | null {
  const url = env().REDIS_URL;
  if (!url) return null;
  return singleton("redis.command", () => createRedisConnection({ url, role: "command" }));
}

export async function redisPing(): Promise<void> {
  const connection = redis();
  if (!connection) throw new Error("REDIS_URL is not set");
  await connection.ping();
}

/** A key or channel name under this deployment's prefix. */
export function redisKey(name: string, prefix = env().REDIS_PREFIX): string {
  return `${prefix}${name}`;
}

export function isReady(connection: Redis): boolean {
  return connection.status === "ready";
}

/** A Lua script run by its SHA (loaded on first use or after a Redis restart flushed the script cache). */
export type RedisScript = { source: string; sha: string };

export function redisScript(source: string): RedisScript {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

export async function runScript(connection: Redis, script: RedisScript, keys: string[], args: (string | number)[]): Promise<unknown> {
  try {
    return await connection.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    return connection.eval(script.source, keys.length, ...keys, ...args);
  }
}
