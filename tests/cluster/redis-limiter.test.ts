import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import { createRedisConnection } from "../../lib/cluster/redis";
import { createRedisLimiter, type RedisLimiter } from "../../lib/cluster/redis-limiter";
import { ensureSharedRedis, startPrivateRedis, testPrefix, waitFor, type PrivateRedis } from "./support/redis-servers";

type Instance = { connection: Redis; limiter: RedisLimiter };

function instances(url: string, prefix: string, count: number): Instance[] {
  return Array.from({ length: count }, (_, i) => {
    const connection = createRedisConnection({ url, role: `test-${i}` });
    return { connection, limiter: createRedisLimiter({ connection, prefix }) };
  });
}

async function ready(all: Instance[]): Promise<void> {
  await waitFor("redis connections", () => all.every((i) => i.connection.status === "ready"));
}

function close(all: Instance[]): void {
  for (const { connection, limiter } of all) {
    limiter.stop();
    connection.disconnect();
  }
}

describe("redis limiter (three instances, one shared Redis)", () => {
  let url: string;
  beforeAll(async () => {
    url = await ensureSharedRedis();
  });

  it("caps concurrency for a key across instances and frees slots on release", async () => {
    const all = instances(url, testPrefix("conc"), 3);
    await ready(all);
    try {
      const attempts = await Promise.all(Array.from({ length: 30 }, (_, i) => all[i % 3].limiter.acquire("key-a", 10)));
      const admitted = attempts.filter((release) => release !== null);
      expect(admitted).toHaveLength(10);
      expect(await all[0].limiter.inFlight("key-a")).toBe(10);
      expect(await all[1].limiter.acquire("key-b", 10)).not.toBeNull(); // another key has its own slots
      admitted[0]?.();
      admitted[0]?.(); // releasing twice frees one slot
      await waitFor("one slot freed", async () => (await all[2].limiter.inFlight("key-a")) === 9);
      expect(await all[2].limiter.acquire("key-a", 10)).not.toBeNull();
      expect(await all[0].limiter.acquire("key-a", 10)).toBeNull();
    } finally {
      close(all);
    }
  });

  it("counts requests per minute across instances", async () => {
    const all = instances(url, testPrefix("rpm"), 3);
    await ready(all);
    try {
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => all[i % 3].limiter.hitRpm("key-r", 5)));
      expect(results.filter((r) => r.isAllowed)).toHaveLength(5);
      const refused = results.find((r) => !r.isAllowed);
      expect(refused && !refused.isAllowed && refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    } finally {
      close(all);
    }
  });
});

describe("redis limiter while Redis is away", () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await startPrivateRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it("falls back to per-instance limits, then catches up when Redis returns", async () => {
    // the local minute's hits are added to the shared window of the minute they were made in: start early in a
    // minute, so that Redis's restart below does not carry the catch-up into the next one
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 40_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 50));
    const prefix = testPrefix("away");
    const all = instances(redis.url, prefix, 2);
    await ready(all);
    try {
      const shared = await all[0].limiter.acquire("key-x", 4);
      expect(shared).not.toBeNull();
      expect(all[0].limiter.isShared()).toBe(true);

      await redis.stop();
      await waitFor("connections to notice", () => all.every((i) => i.connection.status !== "ready"));
      // per instance: instance 0 already holds one slot of 4, instance 1 none
      const local0 = await Promise.all(Array.from({ length: 5 }, () => all[0].limiter.acquire("key-x", 4)));
      const local1 = await Promise.all(Array.from({ length: 5 }, () => all[1].limiter.acquire("key-x", 4)));
      expect(local0.filter(Boolean)).toHaveLength(3);
      expect(local1.filter(Boolean)).toHaveLength(4);
      expect(all[0].limiter.isShared()).toBe(false);
      const rpm = await Promise.all(Array.from({ length: 4 }, () => all[1].limiter.hitRpm("key-x", 3)));
      expect(rpm.filter((r) => r.isAllowed)).toHaveLength(3);

      local1.forEach((release) => release?.()); // released while Redis is away
      await redis.start(); // a fresh Redis: it has lost everything
      await ready(all);
      await Promise.all(all.map((i) => i.limiter.catchUp()));
      // instance 0's slots still in flight (1 shared + 3 local) are registered again: the key is at its cap
      await waitFor("slots re-registered", async () => (await all[1].limiter.inFlight("key-x")) === 4);
      expect(await all[1].limiter.acquire("key-x", 4)).toBeNull();
      // the minute's local hits were added: the shared window is full for a limit of 3
      expect((await all[0].limiter.hitRpm("key-x", 3)).isAllowed).toBe(false);
      shared?.();
      local0.forEach((release) => release?.());
      await waitFor("slots released in redis", async () => (await all[1].limiter.inFlight("key-x")) === 0);
      expect(await all[1].limiter.acquire("key-x", 4)).not.toBeNull();
    } finally {
      close(all);
    }
  }, 60_000);
});
