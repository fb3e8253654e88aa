/**
 * The shared Redis connection (ioredis) when REDIS_URL is set. Commands fail fast while Redis is away
 * (no offline queue), so callers can fall back to per-instance behaviour and catch up when it returns.
 */
import { Redis } from "ioredis";
import { env } from "../env";
import { logger } from "../log";
import { singleton } from "../singleton";

export function isRedisConfigured(): boolean {
  return Boolean(env().REDIS_URL);
}

/** The command connection, or null without REDIS_URL. */
export function redis(): Redis | null {
  const url = env().REDIS_URL;
  if (!url) return null;
  return singleton("redis.command", () => {
    const connection = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
      lazyConnect: false,
    });
    let isWarned = false;
    connection.on("error", (error) => {
      if (!isWarned) logger().warn({ err: error.message }, "redis unavailable; using per-instance limits until it returns");
      isWarned = true;
    });
    connection.on("ready", () => {
      if (isWarned) logger().info("redis is back");
      isWarned = false;
    });
    return connection;
  });
}

export async function redisPing(): Promise<void> {
  const connection = redis();
  if (!connection) throw new Error("REDIS_URL is not set");
  await connection.ping();
}
