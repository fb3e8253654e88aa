import { afterEach, describe, expect, it } from "vitest";
import { CallMemory } from "./call-memory";

describe("what an upstream gave a tool call, kept by call id", () => {
  const memory = new CallMemory(32 * 1024 * 1024);
  afterEach(() => memory.forget());

  it("is recalled for the same call of the same function only", () => {
    memory.keep("call_a", "lookup", "sig-a");
    expect(memory.recall("call_a", "lookup")).toBe("sig-a");
    expect(memory.recall("call_a", "other")).toBeUndefined();
    expect(memory.recall("call_b", "lookup")).toBeUndefined();
    // no signature, or none that is a string, keeps nothing
    memory.keep("call_c", "lookup", undefined);
    memory.keep("call_d", "lookup", 42);
    expect(memory.recall("call_c", "lookup")).toBeUndefined();
    expect(memory.recall("call_d", "lookup")).toBeUndefined();
  });

  it("holds at most its limit (here 32 MB): the oldest go first, and a call kept again counts once", () => {
    const megabyte = "s".repeat(1024 * 1024);
    for (let i = 0; i < 40; i++) memory.keep(`call_${i}`, "lookup", megabyte);
    for (let i = 0; i < 20; i++) memory.keep("call_39", "lookup", megabyte);
    expect(memory.recall("call_0", "lookup")).toBeUndefined();
    expect(memory.recall("call_7", "lookup")).toBeUndefined();
    expect(memory.recall("call_8", "lookup")).toBe(megabyte);
    expect(memory.recall("call_39", "lookup")).toBe(megabyte);
  });
});
