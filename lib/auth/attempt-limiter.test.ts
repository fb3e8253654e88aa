import { describe, expect, it } from "vitest";
import { createAttemptLimiter, memoryAttemptStore, retryAfterMinutes } from "./attempt-limiter";

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("attempt limiter", () => {
  it("locks a key at the limit and tells how long to wait", async () => {
    const time = clock();
    const limiter = createAttemptLimiter({ policy: { limit: 3, windowMs: 60_000 }, store: memoryAttemptStore(), now: time.now });
    for (let i = 0; i < 2; i++) {
      await limiter.recordFailure("a");
      time.advance(10_000);
    }
    expect(await limiter.check("a")).toEqual({ isLimited: false, retryAfterMs: 0 });
    await limiter.recordFailure("a");
    const verdict = await limiter.check("a");
    expect(verdict.isLimited).toBe(true);
    // The oldest of the three failures was 20 s ago, so the lock ends 40 s from now.
    expect(verdict.retryAfterMs).toBe(40_000);
    expect(await limiter.check("b")).toMatchObject({ isLimited: false });
  });

  it("unlocks once failures age out of the window, and on reset", async () => {
    const time = clock();
    const limiter = createAttemptLimiter({ policy: { limit: 2, windowMs: 60_000 }, store: memoryAttemptStore(), now: time.now });
    await limiter.recordFailure("a");
    await limiter.recordFailure("a");
    expect((await limiter.check("a")).isLimited).toBe(true);
    time.advance(60_001);
    expect((await limiter.check("a")).isLimited).toBe(false);
    await limiter.recordFailure("a");
    await limiter.recordFailure("a");
    expect((await limiter.check("a")).isLimited).toBe(true);
    await limiter.reset("a");
    expect((await limiter.check("a")).isLimited).toBe(false);
  });

  it("rounds the wait up to whole minutes for people", () => {
    expect(retryAfterMinutes(1)).toBe(1);
    expect(retryAfterMinutes(60_000)).toBe(1);
    expect(retryAfterMinutes(60_001)).toBe(2);
    expect(retryAfterMinutes(15 * 60_000)).toBe(15);
  });
});
