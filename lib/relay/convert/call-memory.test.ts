import { afterEach, describe, expect, it } from "vitest";
import { CallMemory } from "./call-memory";

describe("what an upstream gave a tool call, kept by call id", () => {
  const memory = new CallMemory(32 * 1024 * 1024);
  afterEach(() => memory.forget());

  it("is recalled for the same call of the same function only", () => {
    memory.keep("key-1", "call_a", "lookup", "sig-a");
    expect(memory.recall("key-1", "call_a", "lookup")).toBe("sig-a");
    expect(memory.recall("key-1", "call_a", "other")).toBeUndefined();
    expect(memory.recall("key-1", "call_b", "lookup")).toBeUndefined();
    // another key's request naming the same call gets nothing
    expect(memory.recall("key-2", "call_a", "lookup")).toBeUndefined();
    // no signature, or none that is a string, keeps nothing
    memory.keep("key-1", "call_c", "lookup", undefined);
    memory.keep("key-1", "call_d", "lookup", 42);
    expect(memory.recall("key-1", "call_c", "lookup")).toBeUndefined();
    expect(memory.recall("key-1", "call_d", "lookup")).toBeUndefined();
  });

  it("holds at most its limit (here 32 MB): the oldest go first, and a call kept again counts once", () => {
    const megabyte = "s".repeat(1024 * 1024);
    for (let i = 0; i < 40; i++) memory.keep("key-1", `call_${i}`, "lookup", megabyte);
    for (let i = 0; i < 20; i++) memory.keep("key-1", "call_39", "lookup", megabyte);
    expect(memory.recall("key-1", "call_0", "lookup")).toBeUndefined();
    expect(memory.recall("key-1", "call_7", "lookup")).toBeUndefined();
    expect(memory.recall("key-1", "call_8", "lookup")).toBe(megabyte);
    expect(memory.recall("key-1", "call_39", "lookup")).toBe(megabyte);
  });
});
