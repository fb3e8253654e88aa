/**
 * Joins this process to the cluster when REDIS_URL is set (server.ts calls it once at start): installs the
 * Redis-backed limiter behind the relay's Limiter interface, and shares key revocations, channel health and the call
 * memories (Gemini's thought signatures, the reasoning DeepSeek wants back) over the cluster bus. Without REDIS_URL
 * it does nothing: limits, the key cache, health and call memories stay in-process.
 * Ledger holds need no Redis: with REDIS_URL, HOLDS_ENGINE=auto reserves them in PostgreSQL (lib/billing/holds.ts).
 */
import { env } from "../env";
import { logger } from "../log";
import { createMemoryLimiter, setLimiter } from "../relay/limits/limiter";
import { createBus } from "./bus";
import { shareKeyRevocations } from "./key-revocation";
import { shareCallMemories } from "./shared-call-memory";
import { redis } from "./redis";
import { createRedisLimiter } from "./redis-limiter";
import { shareChannelHealth } from "./shared-health";

export type Cluster = { isClustered: boolean; stop: () => Promise<void> };

export function startCluster(): Cluster {
  const { REDIS_URL, REDIS_PREFIX } = env();
  const connection = redis();
  if (!REDIS_URL || !connection) return { isClustered: false, stop: async () => undefined };
  const bus = createBus({ url: REDIS_URL, prefix: REDIS_PREFIX, publisher: connection });
  const limiter = createRedisLimiter({ connection, prefix: REDIS_PREFIX });
  setLimiter(limiter);
  const unshareKeys = shareKeyRevocations(bus);
  const unshareHealth = shareChannelHealth(bus);
  const unshareMemories = shareCallMemories(bus);
  logger().info({ instance: bus.instanceId, prefix: REDIS_PREFIX }, "cluster: limits, key revocations, channel health and call memories shared through redis");
  return {
    isClustered: true,
    stop: async () => {
      unshareMemories();
      unshareHealth();
      unshareKeys();
      limiter.stop();
      setLimiter(createMemoryLimiter());
      await bus.close();
      connection.disconnect();
    },
  };
}
