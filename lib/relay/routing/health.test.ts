import { beforeEach, describe, expect, it } from "vitest";
import { dropSingleton } from "../../singleton";
import { channelHealth, healthFactor, isChannelAvailable, recordFailure, recordSuccess, tryAcquireChannel } from "./health";

describe("channel health", () => {
  beforeEach(() => dropSingleton("relay.health"));

  it("keeps a channel in after a single error, takes it out on a bad error rate", () => {
    const t = 1_000_000;
    for (let i = 0; i < 4; i++) recordSuccess("c", 100, t + i);
    recordFailure("c", "500", t + 10);
    expect(isChannelAvailable("c", t + 11)).toBe(true);
    recordSuccess("c", 100, t + 12);
    recordFailure("c", "500", t + 13);
    recordFailure("c", "500", t + 14);
    expect(isChannelAvailable("c", t + 15)).toBe(true); // 3 of 8 failed
    recordFailure("c", "500", t + 16);
    recordFailure("c", "500", t + 17); // 5 of 10 failed
    expect(isChannelAvailable("c", t + 18)).toBe(false);
    expect(channelHealth("c", t + 18)).toMatchObject({ state: "open", requests: 10, errorRate: 0.5, lastError: "500" });
  });

  it("lets one probe through after the cool-down and closes on its success", () => {
    const t = 2_000_000;
    for (let i = 0; i < 3; i++) recordFailure("c", "timeout", t + i);
    expect(tryAcquireChannel("c", t + 5)).toBe(false);
    expect(tryAcquireChannel("c", t + 15_010)).toBe(true);
    expect(tryAcquireChannel("c", t + 15_011)).toBe(false); // only one probe
    recordFailure("c", "timeout", t + 15_020); // probe failed: open for twice as long
    expect(tryAcquireChannel("c", t + 30_030)).toBe(false);
    expect(tryAcquireChannel("c", t + 45_030)).toBe(true);
    recordSuccess("c", 50, t + 45_040);
    expect(channelHealth("c", t + 45_050).state).toBe("closed");
    expect(tryAcquireChannel("c", t + 45_060)).toBe(true);
  });

  it("weighs fast reliable channels above slow or failing ones", () => {
    const t = 3_000_000;
    recordSuccess("fast", 100, t);
    recordSuccess("slow", 3000, t);
    recordSuccess("flaky", 100, t);
    recordFailure("flaky", "500", t + 1);
    expect(healthFactor("fast", t + 2)).toBeGreaterThan(healthFactor("slow", t + 2));
    expect(healthFactor("fast", t + 2)).toBeGreaterThan(healthFactor("flaky", t + 2));
    expect(healthFactor("unknown", t + 2)).toBe(1);
  });
});
