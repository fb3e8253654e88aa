import { afterEach, describe, expect, it } from "vitest";
import { forgetSignatures, keepSignature, recallSignature } from "./gemini-signatures";

describe("Gemini thought signatures kept by call id", () => {
  afterEach(forgetSignatures);

  it("are recalled for the same call of the same function only", () => {
    keepSignature("call_a", "lookup", "sig-a");
    expect(recallSignature("call_a", "lookup")).toBe("sig-a");
    expect(recallSignature("call_a", "other")).toBeUndefined();
    expect(recallSignature("call_b", "lookup")).toBeUndefined();
    // no signature, or none that is a string, keeps nothing
    keepSignature("call_c", "lookup", undefined);
    keepSignature("call_d", "lookup", 42);
    expect(recallSignature("call_c", "lookup")).toBeUndefined();
    expect(recallSignature("call_d", "lookup")).toBeUndefined();
  });

  it("hold at most 32 MB: the oldest go first, and a call kept again counts once", () => {
    const megabyte = "s".repeat(1024 * 1024);
    for (let i = 0; i < 40; i++) keepSignature(`call_${i}`, "lookup", megabyte);
    for (let i = 0; i < 20; i++) keepSignature("call_39", "lookup", megabyte);
    expect(recallSignature("call_0", "lookup")).toBeUndefined();
    expect(recallSignature("call_7", "lookup")).toBeUndefined();
    expect(recallSignature("call_8", "lookup")).toBe(megabyte);
    expect(recallSignature("call_39", "lookup")).toBe(megabyte);
  });
});
