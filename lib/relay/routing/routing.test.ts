import { beforeEach, describe, expect, it } from "vitest";
import type { Channel } from "../../channels/types";
import { dropSingleton } from "../../singleton";
import { recordFailure } from "./health";
import { orderCandidates } from "./select-channels";
import { coolSecret, pickSecret } from "./select-secret";

const channel = (id: string, priority: number, weight: number, secrets = ["a"]): Channel => ({
  id,
  name: id,
  type: "openai",
  baseUrl: "https://example.com/v1",
  secrets,
  secretHints: [],
  models: ["m"],
  modelMapping: {},
  priority,
  weight,
  timeoutMs: 1000,
  costRatioPpm: 1_000_000,
  isEnabled: true,
  disabledReason: null,
  supportsResponses: false,
});

describe("channel selection", () => {
  beforeEach(() => {
    dropSingleton("relay.health");
    dropSingleton("relay.secrets");
  });

  it("orders by priority, then spreads by weight", () => {
    const high = channel("high", 10, 1);
    const heavy = channel("heavy", 0, 3);
    const light = channel("light", 0, 1);
    let heavyFirst = 0;
    for (let i = 0; i < 2000; i++) {
      const order = orderCandidates({ channels: [light, heavy, high] });
      expect(order[0].id).toBe("high");
      if (order[1].id === "heavy") heavyFirst++;
    }
    expect(heavyFirst / 2000).toBeGreaterThan(0.68);
    expect(heavyFirst / 2000).toBeLessThan(0.82);
  });

  it("skips channels whose circuit is open, but never leaves a request with nothing to try", () => {
    const a = channel("a", 5, 1);
    const b = channel("b", 0, 1);
    for (let i = 0; i < 3; i++) recordFailure("a", "500");
    expect(orderCandidates({ channels: [a, b] }).map((c) => c.id)).toEqual(["b"]);
    for (let i = 0; i < 3; i++) recordFailure("b", "500");
    expect(orderCandidates({ channels: [a, b] }).map((c) => c.id)).toEqual(["a"]);
  });

  it("rotates secrets and skips a rate-limited one", () => {
    const c = channel("c", 0, 1, ["s0", "s1", "s2"]);
    expect([pickSecret(c), pickSecret(c), pickSecret(c), pickSecret(c)]).toEqual([0, 1, 2, 0]);
    coolSecret("c", 1, 30_000);
    expect([pickSecret(c), pickSecret(c), pickSecret(c)]).toEqual([2, 0, 2]);
    expect(pickSecret(c, Date.now(), new Set([0, 2]))).toBeNull();
  });
});
