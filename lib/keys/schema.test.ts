import { describe, expect, it } from "vitest";
import { keyLimitsSchema, keyLimitsSchemaFor } from "./schema";

const capError = (creditCap: string | number, locale = "en") => {
  const result = keyLimitsSchemaFor(locale).safeParse({ name: "laptop", creditCap });
  return result.success ? null : result.error.issues[0]?.message;
};

describe("key credit cap", () => {
  it("takes dollars up to $1,000,000 as micro-units", () => {
    expect(keyLimitsSchema.parse({ name: "laptop", creditCap: "12.5" }).creditCap).toBe(12_500_000n);
    expect(keyLimitsSchema.parse({ name: "laptop", creditCap: 1_000_000 }).creditCap).toBe(1_000_000_000_000n);
    expect(keyLimitsSchema.parse({ name: "laptop" }).creditCap).toBe(0n);
  });

  it("says what the maximum is when the cap is too large (a 20-digit cap used to read 'at most 6 decimals')", () => {
    expect(capError("99999999999999999999")).toBe("At most $1,000,000.00");
    expect(capError(1e21)).toBe("At most $1,000,000.00");
    expect(capError("1000000.01")).toBe("At most $1,000,000.00");
    expect(capError("99999999999999999999", "zh-CN")).toBe("最多 $1,000,000.00");
  });

  it("gives negative, too precise and malformed amounts each their own message", () => {
    expect(capError("-1")).toBe("The amount cannot be negative");
    expect(capError("1.0000001")).toBe("Use at most 6 decimals");
    expect(capError("ten")).toBe("Enter an amount in USD, e.g. 2.50");
  });
});
