import { describe, expect, it } from "vitest";
import { finalUsage } from "./final-usage";

const usage = (noCache: number, cacheRead: number, text: number, reasoning = 0) => ({ input: { noCache, cacheRead, cacheWrite: 0 }, output: { text, reasoning } });

describe("finalUsage", () => {
  it("takes the upstream's report for a completed request", () => {
    expect(finalUsage({ reported: usage(10, 5, 7), isComplete: true, promptTokens: 99, countDelivered: () => 99 })).toEqual({ usage: usage(10, 5, 7), isEstimated: false });
  });

  it("bills a cut stream for the delivered output and the reported (or local) input", () => {
    expect(finalUsage({ reported: usage(10, 5, 1), isComplete: false, promptTokens: 12, countDelivered: () => 40 })).toEqual({ usage: usage(10, 5, 40), isEstimated: true });
    expect(finalUsage({ reported: null, isComplete: false, promptTokens: 12, countDelivered: () => 40 })).toEqual({ usage: usage(12, 0, 40), isEstimated: true });
    expect(finalUsage({ reported: null, isComplete: true, promptTokens: 12, countDelivered: () => 3 })).toEqual({ usage: usage(12, 0, 3), isEstimated: true, flag: "missing" });
  });
});
