import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBus, type ClusterBus } from "../../lib/cluster/bus";
import { shareKeyRevocations } from "../../lib/cluster/key-revocation";
import { publishKeyEvictions } from "../../lib/cluster/publish-key-evictions";
import { resetEnv } from "../../lib/env";
import { createRedisConnection } from "../../lib/cluster/redis";
import { shareChannelHealth } from "../../lib/cluster/shared-health";
import { cacheGet, cacheSet, invalidateKey, invalidateUserKeys } from "../../lib/keys/cache";
import type { ApiKeyAuth } from "../../lib/keys/types";
import { isChannelAvailable, recordFailure, resetChannelHealth } from "../../lib/relay/routing/health";
import { ensureSharedRedis, startPrivateRedis, testPrefix, waitFor, type PrivateRedis } from "./support/redis-servers";

/** A cached key as the relay would hold it (the cache reads only its id and owner). */
function key(id: string, userId = "user-1"): ApiKeyAuth {
  const fields: Partial<ApiKeyAuth> = { id, name: id, userId, orgId: null, walletId: "w", membershipId: null, isEnabled: true, isUserDisabled: false };
  return fields as ApiKeyAuth;
}

function bus(url: string, prefix: string): ClusterBus {
  return createBus({ url, prefix, publisher: createRedisConnection({ url, role: "test-publisher" }) });
}

describe("cluster bus", () => {
  let url: string;
  beforeAll(async () => {
    url = await ensureSharedRedis();
  });

  it("a revocation published by one instance evicts the key in the others; an own message is ignored", async () => {
    const prefix = testPrefix("keys");
    // this process plays instance B (its key cache is the process's); `remote` plays instance A
    const local = bus(url, prefix);
    const remote = bus(url, prefix);
    const unshare = shareKeyRevocations(local);
    try {
      await waitFor("both buses listening", () => local.isListening() && remote.isListening());
      cacheSet("hash-1", key("key-1"));
      cacheSet("hash-2", key("key-2", "user-2"));
      cacheSet("hash-3", key("key-3", "user-2"));
      expect(await remote.publish("keys", { keyId: "key-1" })).toBe(true);
      await waitFor("key-1 evicted", () => cacheGet("hash-1") === undefined);
      expect(cacheGet("hash-2")).toBeDefined();
      await remote.publish("keys", { userId: "user-2" });
      await waitFor("user-2's keys evicted", () => cacheGet("hash-2") === undefined && cacheGet("hash-3") === undefined);

      // a lookup that read the database before the eviction arrived cannot put the key back
      cacheSet("hash-1", key("key-1"));
      expect(cacheGet("hash-1")).toBeUndefined();

      // what this instance revokes reaches the other one
      const received: unknown[] = [];
      remote.subscribe("keys", (payload) => received.push(payload));
      await waitFor("remote subscribed", () => remote.isListening());
      await new Promise((resolve) => setTimeout(resolve, 100));
      invalidateKey("key-9");
      invalidateUserKeys("user-9");
      await waitFor("remote received both", () => received.length === 2);
      expect(received).toEqual([{ keyId: "key-9" }, { userId: "user-9" }]);
    } finally {
      unshare();
      await Promise.all([local.close(), remote.close()]);
    }
  });

  it("a short-lived process (the CLI) publishes the keys it changed when it finishes", async () => {
    const prefix = testPrefix("cli");
    const remote = bus(url, prefix);
    const received: unknown[] = [];
    remote.subscribe("keys", (payload) => received.push(payload));
    Object.assign(process.env, { REDIS_URL: url, REDIS_PREFIX: prefix });
    resetEnv();
    try {
      await waitFor("remote listening", () => remote.isListening());
      const evictions = publishKeyEvictions();
      invalidateKey("key-cli");
      invalidateUserKeys("user-cli");
      expect(received).toEqual([]);
      await evictions.close();
      await waitFor("remote received the CLI's evictions", () => received.length === 2);
      expect(received).toEqual([{ keyId: "key-cli" }, { userId: "user-cli" }]);
    } finally {
      delete process.env.REDIS_URL;
      delete process.env.REDIS_PREFIX;
      resetEnv();
      await remote.close();
    }
  });

  it("failures seen by another instance open the circuit here", async () => {
    const prefix = testPrefix("health");
    const local = bus(url, prefix);
    const remote = bus(url, prefix);
    const unshare = shareChannelHealth(local);
    try {
      await waitFor("both buses listening", () => local.isListening() && remote.isListening());
      expect(isChannelAvailable("channel-bad")).toBe(true);
      await remote.publish("channel-health", [
        ["channel-bad", 0, 0, "500"],
        ["channel-bad", 0, 0, "500"],
        ["channel-bad", 0, 0, "timeout"],
        ["channel-good", 1, 120, null],
      ]);
      await waitFor("circuit open on this instance", () => !isChannelAvailable("channel-bad"));
      expect(isChannelAvailable("channel-good")).toBe(true);

      // an operator re-enables the channel on the other instance: its circuit closes here too
      await remote.publish("channel-health-reset", "channel-bad");
      await waitFor("circuit closed on this instance", () => isChannelAvailable("channel-bad"));

      // and what happens here reaches the other instance
      const heard: unknown[] = [];
      remote.subscribe("channel-health", (payload) => heard.push(payload));
      remote.subscribe("channel-health-reset", (payload) => heard.push(payload));
      await new Promise((resolve) => setTimeout(resolve, 100));
      recordFailure("channel-x", "timeout");
      resetChannelHealth("channel-x");
      await waitFor("remote heard the failure and the reset", () => heard.length === 2);
      expect(heard).toContainEqual("channel-x");
      expect(heard).toContainEqual([["channel-x", 0, 0, "timeout"]]);
    } finally {
      unshare();
      await Promise.all([local.close(), remote.close()]);
    }
  });
});

describe("cluster bus while Redis is away", () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await startPrivateRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it("drops the local key cache when its subscription returns (messages may have been missed)", async () => {
    const local = bus(redis.url, testPrefix("resync"));
    const unshare = shareKeyRevocations(local);
    try {
      await waitFor("listening", () => local.isListening());
      await redis.stop();
      await waitFor("bus notices", () => !local.isListening());
      cacheSet("hash-r", key("key-r"));
      expect(cacheGet("hash-r")).toBeDefined();
      await redis.start();
      await waitFor("listening again", () => local.isListening(), 30_000);
      await waitFor("cache dropped on resync", () => cacheGet("hash-r") === undefined);
    } finally {
      unshare();
      await local.close();
    }
  }, 60_000);

  it("an eviction this instance could not publish becomes an evict-everything once its connection is back", async () => {
    const prefix = testPrefix("behind");
    const publisher = createRedisConnection({ url: redis.url, role: "test-publisher" });
    const local = createBus({ url: redis.url, prefix, publisher });
    const remote = bus(redis.url, prefix);
    const received: unknown[] = [];
    remote.subscribe("keys", (payload) => received.push(payload));
    const unshare = shareKeyRevocations(local);
    try {
      await waitFor("both listening", () => local.isListening() && remote.isListening() && publisher.status === "ready");
      publisher.disconnect(); // this instance alone is cut off from Redis
      invalidateKey("key-lost");
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received).toEqual([]);
      await publisher.connect();
      await waitFor("remote told to evict everything", () => received.length > 0);
      expect(received).toEqual([{ isAll: true }]);
    } finally {
      unshare();
      await Promise.all([local.close(), remote.close()]);
      publisher.disconnect();
    }
  }, 60_000);
});
