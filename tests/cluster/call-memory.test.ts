/**
 * Call memories across instances (lib/cluster/shared-call-memory.ts) on a real Redis: a value kept on one instance is
 * recalled on another, crosses Redis encrypted, and what does not decrypt or has the wrong shape is ignored.
 */
import { hkdfSync } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busChannel, createBus, type ClusterBus } from "../../lib/cluster/bus";
import { appSecret } from "../../lib/app-secret";
import { createRedisConnection } from "../../lib/cluster/redis";
import { CALL_MEMORY_TOPIC, shareCallMemories } from "../../lib/cluster/shared-call-memory";
import { encryptSecret } from "../../lib/crypto";
import { CallMemory } from "../../lib/relay/convert/call-memory";
import { ensureSharedRedis, testPrefix, waitFor } from "./support/redis-servers";

function bus(url: string, prefix: string): ClusterBus {
  return createBus({ url, prefix, publisher: createRedisConnection({ url, role: "test-publisher" }) });
}

/** One instance's memories, under the names the process's own go by. */
function memories(): Record<string, CallMemory> {
  return { "gemini-signatures": new CallMemory(1024 * 1024), "call-reasoning": new CallMemory(1024 * 1024) };
}

describe("call memories shared over the cluster bus", () => {
  let url: string;
  beforeAll(async () => {
    url = await ensureSharedRedis();
  });

  const opened: { close: () => Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((o) => o.close()));
  });

  it("a value kept on one instance is recalled on the others, for the same key and function only; it crosses Redis encrypted", async () => {
    const prefix = testPrefix("call-memory");
    const [busA, busB, busC] = [bus(url, prefix), bus(url, prefix), bus(url, prefix)];
    opened.push(busA, busB, busC);
    const [a, b, c] = [memories(), memories(), memories()];
    const unshare = [shareCallMemories(busA, a), shareCallMemories(busB, b), shareCallMemories(busC, c)];
    // what an onlooker with access to Redis sees
    const spy = new Redis(url);
    const seen: string[] = [];
    await spy.subscribe(busChannel(CALL_MEMORY_TOPIC, prefix));
    spy.on("message", (_channel: string, message: string) => seen.push(message));
    try {
      await waitFor("buses listening", () => busA.isListening() && busB.isListening() && busC.isListening());
      a["call-reasoning"].keep("key-1", "call_00_abc", "read", "The user wants the file read first.");
      a["gemini-signatures"].keep("key-1", "call_g1", "lookup", "CiQBsig==");
      await waitFor("both values on B and C", () =>
        [b, c].every((m) => m["call-reasoning"].recall("key-1", "call_00_abc", "read") !== undefined && m["gemini-signatures"].recall("key-1", "call_g1", "lookup") !== undefined),
      );
      for (const m of [b, c]) {
        expect(m["call-reasoning"].recall("key-1", "call_00_abc", "read")).toBe("The user wants the file read first.");
        expect(m["gemini-signatures"].recall("key-1", "call_g1", "lookup")).toBe("CiQBsig==");
        // another key, another function, the other memory: nothing
        expect(m["call-reasoning"].recall("key-2", "call_00_abc", "read")).toBeUndefined();
        expect(m["call-reasoning"].recall("key-1", "call_00_abc", "write")).toBeUndefined();
        expect(m["gemini-signatures"].recall("key-1", "call_00_abc", "read")).toBeUndefined();
      }
      // a value applied from another instance is not passed on again: two keeps, two messages
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen).toHaveLength(2);
      for (const message of seen) {
        expect(message).not.toContain("file read first");
        expect(message).not.toContain("CiQBsig");
        expect(message).not.toContain("key-1");
      }
    } finally {
      for (const u of unshare) u();
      spy.disconnect();
    }
  });

  it("ignores a message that does not decrypt, is not a keep, or names no memory", async () => {
    const prefix = testPrefix("call-memory-bad");
    const [busA, busB] = [bus(url, prefix), bus(url, prefix)];
    opened.push(busA, busB);
    const b = memories();
    const unshare = shareCallMemories(busB, b);
    try {
      await waitFor("buses listening", () => busA.isListening() && busB.isListening());
      const rightKey = Buffer.from(hkdfSync("sha256", appSecret(), "switchyard", "cluster-call-memory", 32));
      const otherKey = Buffer.from(hkdfSync("sha256", "another deployment's secret", "switchyard", "cluster-call-memory", 32));
      await busA.publish(CALL_MEMORY_TOPIC, JSON.stringify(["call-reasoning", "key-1", "call_x", "read", "plain"]));
      await busA.publish(CALL_MEMORY_TOPIC, encryptSecret(JSON.stringify(["call-reasoning", "key-1", "call_y", "read", "other key"]), otherKey));
      await busA.publish(CALL_MEMORY_TOPIC, encryptSecret(JSON.stringify(["call-reasoning", "key-1", "call_z", "read"]), rightKey));
      await busA.publish(CALL_MEMORY_TOPIC, encryptSecret(JSON.stringify(["no-such-memory", "key-1", "call_w", "read", "v"]), rightKey));
      await busA.publish(CALL_MEMORY_TOPIC, { not: "a string" });
      // and one good message after them, so the bad ones have been handled when it arrives
      await busA.publish(CALL_MEMORY_TOPIC, encryptSecret(JSON.stringify(["call-reasoning", "key-1", "call_ok", "read", "good"]), rightKey));
      await waitFor("the good message applied", () => b["call-reasoning"].recall("key-1", "call_ok", "read") === "good");
      for (const id of ["call_x", "call_y", "call_z", "call_w"]) expect(b["call-reasoning"].recall("key-1", id, "read")).toBeUndefined();
      expect(b["gemini-signatures"].recall("key-1", "call_w", "read")).toBeUndefined();
    } finally {
      unshare();
    }
  });
});
