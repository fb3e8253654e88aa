import { describe, expect, it } from "vitest";
import { usdInputError } from "./money";

describe("usdInputError", () => {
  it("names the maximum for a too-large amount instead of calling it malformed", () => {
    expect(usdInputError("1000000000")).toEqual({ key: "amountTooLarge", max: "$1,000,000.00" });
    // exponent notation is a typo in a money field, not an amount ("1e3" once added $1,000)
    expect(usdInputError("1e3")?.key).toBe("amount");
  });

  it("tells negative, too precise and malformed apart, and accepts good amounts", () => {
    expect(usdInputError("-1")?.key).toBe("amountNegative");
    expect(usdInputError("-1", { isSigned: true })).toBeNull();
    expect(usdInputError("0.0000001")?.key).toBe("amountTooPrecise");
    expect(usdInputError("2,50")?.key).toBe("amount");
    expect(usdInputError("2.50")).toBeNull();
    expect(usdInputError("1000000")).toBeNull();
  });
});
