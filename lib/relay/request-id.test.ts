import { describe, expect, it } from "vitest";
import { newRequestId } from "./request-id";

describe("newRequestId", () => {
  it("is req_ + 12 hex digits of milliseconds + 20 random hex digits", () => {
    const id = newRequestId(Date.UTC(2026, 10, 23, 12, 0, 0, 5));
    expect(id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(Number.parseInt(id.slice(4, 16), 16)).toBe(Date.UTC(2026, 10, 23, 12, 0, 0, 5));
  });

  it("sorts by time as text (the request log's index appends at its right edge), and never repeats", () => {
    const start = Date.UTC(2026, 0, 1);
    // 200 milliseconds, 100 ids in each
    const ids = Array.from({ length: 20_000 }, (_, i) => newRequestId(start + Math.floor(i / 100)));
    expect(new Set(ids).size).toBe(ids.length);
    const sorted = [...ids].sort();
    expect(sorted.map((id) => id.slice(4, 16))).toEqual(ids.map((id) => id.slice(4, 16)));
    // one id per millisecond: text order is generation order
    const perMs = Array.from({ length: 1_000 }, (_, i) => newRequestId(start + i * 7));
    expect([...perMs].sort()).toEqual(perMs);
  });

  it("draws fresh random bits across refills of its pool", () => {
    const randomParts = new Set(Array.from({ length: 2_000 }, () => newRequestId(0).slice(16)));
    expect(randomParts.size).toBe(2_000);
  });
});
