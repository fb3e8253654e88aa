import { describe, expect, it } from "vitest";
import { createMemoryLimiter } from "./limiter";

describe("memory limiter", () => {
  it("caps concurrency per key and frees a slot once on release", () => {
    const limiter = createMemoryLimiter();
    const a = limiter.acquire("k", 2);
    const b = limiter.acquire("k", 2);
    expect(a && b).toBeTruthy();
    expect(limiter.acquire("k", 2)).toBeNull();
    expect(limiter.acquire("other", 2)).not.toBeNull();
    a?.();
    a?.();
    expect(limiter.inFlight("k")).toBe(1);
    expect(limiter.acquire("k", 2)).not.toBeNull();
  });

  it("limits requests per minute over a sliding window and says when to retry", () => {
    const limiter = createMemoryLimiter();
    const t0 = 60_000 * 20_000_000 + 20_000; // 20 s into a minute
    for (let i = 0; i < 3; i++) expect(limiter.hitRpm("k", 3, t0 + i).isAllowed).toBe(true);
    const refused = limiter.hitRpm("k", 3, t0 + 10);
    expect(refused).toEqual({ isAllowed: false, retryAfterSeconds: 40 });
    // next window: the previous minute still weighs in at first…
    expect(limiter.hitRpm("k", 3, t0 + 41_000).isAllowed).toBe(false);
    // …and fades as the window advances
    expect(limiter.hitRpm("k", 3, t0 + 90_000).isAllowed).toBe(true);
  });
});
