import { describe, expect, it } from "vitest";
import { formatUsdTick } from "./money";

const compact = (value: number) => new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 }).format(value);

describe("formatUsdTick", () => {
  it("keeps the decimals of ticks below a cent (a $1 trial's chart used to read $0 on every tick)", () => {
    expect([0, 0.0005, 0.001, 0.0015, 0.002].map((v) => formatUsdTick(v, compact))).toEqual(["$0", "$0.0005", "$0.001", "$0.0015", "$0.002"]);
  });

  it("rounds float noise to the micro-unit", () => {
    expect(formatUsdTick(0.0015000000000000002, compact)).toBe("$0.0015");
    expect(formatUsdTick(12.5, compact)).toBe("$12.5");
  });

  it("is compact from $1,000 up, negatives included", () => {
    expect(formatUsdTick(1500, compact)).toBe("$1.5K");
    expect(formatUsdTick(-2000, compact)).toBe("-$2K");
  });
});
