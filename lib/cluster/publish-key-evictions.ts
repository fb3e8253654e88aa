/**
 * Key evictions from a short-lived process (the operator CLI): it is not an instance (no limiter, no subscription),
 * but what it changes must reach every instance's key cache. Evictions are collected while the command runs and
 * published on the cluster bus when it finishes; without REDIS_URL there is nothing to tell.
 */
import { env } from "../env";
import { logger } from "../log";
import { keyCache, type KeyEviction } from "../keys/cache";
import { busChannel, busMessage } from "./bus";
import { KEY_TOPIC } from "./key-revocation";
import { createRedisConnection, isReady } from "./redis";

const READY_WITHIN_MS = 5_000;

export function publishKeyEvictions(): { close: () => Promise<void> } {
  const { REDIS_URL, REDIS_PREFIX } = env();
  if (!REDIS_URL) return { close: async () => undefined };
  const connection = createRedisConnection({ url: REDIS_URL, role: "cli" });
  const pending: KeyEviction[] = [];
  const collect = (eviction: KeyEviction) => void pending.push(eviction);
  keyCache().broadcast = collect;
  return {
    close: async () => {
      if (keyCache().broadcast === collect) keyCache().broadcast = null;
      try {
        if (pending.length === 0) return;
        const deadline = Date.now() + READY_WITHIN_MS;
        while (!isReady(connection) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        const channel = busChannel(KEY_TOPIC, REDIS_PREFIX);
        for (const eviction of pending) await connection.publish(channel, busMessage(`cli:${process.pid}`, eviction));
      } catch (error) {
        logger().warn({ err: error instanceof Error ? error.message : String(error) }, "key changes not broadcast (redis away): instances keep cached keys for up to a minute");
      } finally {
        connection.disconnect();
      }
    },
  };
}
