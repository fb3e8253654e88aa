import { describe, expect, it } from "vitest";
import { formatUsdTick, MICROS_PER_UNIT, readUsdInput } from "./money";

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

describe("readUsdInput", () => {
  const max = 1_000_000n * MICROS_PER_UNIT; // $1,000,000

  it("reads dollars exactly into micro-units", () => {
    expect(readUsdInput("2.50", { max })).toEqual({ micros: 2_500_000n });
    expect(readUsdInput(" 0.000001 ", { max })).toEqual({ micros: 1n });
    expect(readUsdInput("$12", { max })).toEqual({ micros: 12_000_000n });
    expect(readUsdInput("1000000", { max })).toEqual({ micros: max });
    expect(readUsdInput(2500, { max })).toEqual({ micros: 2_500_000_000n });
    expect(readUsdInput(0.5, { max })).toEqual({ micros: 500_000n });
    expect(readUsdInput("0", { max })).toEqual({ micros: 0n });
  });

  it("calls a too-large amount too large, not malformed (a 20-digit key cap and 1e9 used to read 'at most 6 decimals')", () => {
    expect(readUsdInput("99999999999999999999", { max })).toEqual({ problem: "tooLarge" });
    expect(readUsdInput(1e9, { max })).toEqual({ problem: "tooLarge" });
    expect(readUsdInput(1e21, { max })).toEqual({ problem: "tooLarge" });
    expect(readUsdInput("1000000000", { max })).toEqual({ problem: "tooLarge" });
    expect(readUsdInput("1000000.000001", { max })).toEqual({ problem: "tooLarge" });
    expect(readUsdInput("1000000.0000001", { max })).toEqual({ problem: "tooLarge" });
    expect(readUsdInput(1e300, { max })).toEqual({ problem: "tooLarge" });
  });

  it("tells negative, too precise and malformed apart", () => {
    expect(readUsdInput("-1", { max })).toEqual({ problem: "negative" });
    expect(readUsdInput(-1e9, { max })).toEqual({ problem: "negative" });
    expect(readUsdInput("1.0000001", { max })).toEqual({ problem: "tooPrecise" });
    expect(readUsdInput(1e-7, { max })).toEqual({ problem: "tooPrecise" });
    for (const text of ["abc", "", ".", "1.2.3", "1,000", "e5", "--1", "0x10", "Infinity", "NaN"]) expect(readUsdInput(text, { max })).toEqual({ problem: "malformed" });
    for (const number of [Number.NaN, Number.POSITIVE_INFINITY]) expect(readUsdInput(number, { max })).toEqual({ problem: "malformed" });
  });

  it("refuses exponent notation in typed text: '1e3' is a typo, not $1,000 (JSON numbers may still use it)", () => {
    for (const text of ["1e3", "2.5e3", "1E3", "1e+21", "1e-7", "-1e9", "$1e3"]) expect(readUsdInput(text, { max, isSigned: true })).toEqual({ problem: "malformed" });
  });

  it("takes a sign when asked, bounding the size either way", () => {
    expect(readUsdInput("-5.50", { max, isSigned: true })).toEqual({ micros: -5_500_000n });
    expect(readUsdInput("-99999999999", { max, isSigned: true })).toEqual({ problem: "tooLarge" });
    expect(readUsdInput("-0", { max })).toEqual({ micros: 0n });
  });
});
