import { afterEach, describe, expect, it, vi } from "vitest";
import { utcMonth } from "./hold-types";

describe("utcMonth", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("without a date follows the clock across month boundaries, forwards and back", () => {
    vi.useFakeTimers();
    const instants = [
      "2026-01-31T23:59:59.999Z",
      "2026-02-01T00:00:00.000Z",
      "2026-02-28T23:59:59.999Z",
      "2026-03-01T00:00:00.000Z",
      "2025-12-31T23:59:59.999Z",
      "2028-02-29T12:00:00.000Z",
      "2026-03-01T00:00:00.000Z",
    ];
    for (const instant of instants) {
      vi.setSystemTime(new Date(instant));
      expect(utcMonth()).toBe(instant.slice(0, 7));
      expect(utcMonth(new Date(instant))).toBe(instant.slice(0, 7));
    }
  });
});
