/**
 * The attempt store shared by every instance (REDIS_URL set): one sorted set per key, scored by failure time, so a
 * guesser spreading sign-ins over several instances meets one counter. While Redis is away the store falls back to
 * this process's memory (throttling per instance, as with one instance) rather than refusing every sign-in.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { logger } from "../log";
import { redisKey, redisScript, runScript } from "../cluster/redis";
import type { AttemptStore } from "./attempt-limiter";

/** Add one failure, drop those older than the window, and let the set expire with its newest failure. */
const RECORD_FAILURE = redisScript(`
redis.call("ZADD", KEYS[1], ARGV[1], ARGV[3])
redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", "(" .. (tonumber(ARGV[1]) - tonumber(ARGV[2])))
redis.call("PEXPIRE", KEYS[1], ARGV[2])
return 1
`);

export function redisAttemptStore({
  connection,
  prefix,
  fallback,
}: {
  connection: Redis;
  /** namespaces the keys (REDIS_PREFIX + "auth:attempts:" in production; unique per test) */
  prefix: string;
  /** used while Redis is away (the in-memory store) */
  fallback: AttemptStore;
}): AttemptStore {
  const keyOf = (key: string) => `${prefix}${key}`;
  let isWarned = false;
  async function orFallback<T>(work: () => Promise<T>, fallbackWork: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      isWarned = false;
      return result;
    } catch (error) {
      if (!isWarned) logger().warn({ err: (error as Error).message }, "attempt store: redis unavailable; throttling per instance");
      isWarned = true;
      return fallbackWork();
    }
  }
  return {
    failures: (key, sinceMs) =>
      orFallback(
        async () => (await connection.zrangebyscore(keyOf(key), sinceMs, "+inf", "WITHSCORES")).filter((_, i) => i % 2 === 1).map(Number),
        () => fallback.failures(key, sinceMs),
      ),
    recordFailure: (key, atMs, windowMs) =>
      orFallback(
        // A random member keeps two failures in the same millisecond (two instances) both counted.
        async () => void (await runScript(connection, RECORD_FAILURE, [keyOf(key)], [atMs, windowMs, `${atMs}:${randomBytes(6).toString("hex")}`])),
        () => fallback.recordFailure(key, atMs, windowMs),
      ),
    clear: (key) =>
      orFallback(
        async () => void (await Promise.all([connection.del(keyOf(key)), fallback.clear(key)])),
        () => fallback.clear(key),
      ),
  };
}

/** The production prefix of attempt keys. */
export function attemptKeyPrefix(): string {
  return redisKey("auth:attempts:");
}
