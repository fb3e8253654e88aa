import { describe, expect, it } from "vitest";
import { adjustBodySchema, priceBodySchema, trialCreditBodySchema } from "./schemas";

const firstMessage = (result: { success: boolean; error?: { issues: { message: string }[] } }) => (result.success ? null : result.error?.issues[0]?.message);
const requestKey = "0b0f1c1e-8d5e-4c53-9a43-6a1f8a4d2c11";

describe("operator money fields", () => {
  it("say what the maximum is when an amount is too large (a $1,000,000,000 trial credit used to read 'Enter dollars')", () => {
    expect(firstMessage(trialCreditBodySchema.safeParse({ amount: "1000000000" }))).toBe("At most $1,000,000.00");
    expect(firstMessage(priceBodySchema.safeParse({ inputPerM: "1000000000", outputPerM: "1" }))).toBe("At most $1,000,000.00");
    expect(firstMessage(priceBodySchema.safeParse({ inputPerM: "1e3", outputPerM: "1" }))).toBe("Enter an amount in dollars, e.g. 2.50");
    expect(firstMessage(adjustBodySchema.safeParse({ amount: "-99999999999", reason: "refund", requestKey }))).toBe("At most $1,000,000.00");
  });

  it("give negative, too precise and malformed amounts each their own message", () => {
    expect(firstMessage(trialCreditBodySchema.safeParse({ amount: "-1" }))).toBe("The amount cannot be negative");
    expect(firstMessage(trialCreditBodySchema.safeParse({ amount: "1.0000001" }))).toBe("Use at most 6 decimals");
    expect(firstMessage(trialCreditBodySchema.safeParse({ amount: "two" }))).toBe("Enter an amount in dollars, e.g. 2.50");
    expect(firstMessage(adjustBodySchema.safeParse({ amount: "0", reason: "refund", requestKey }))).toBe("The amount cannot be zero");
  });

  it("read amounts exactly into micro-units", () => {
    expect(trialCreditBodySchema.parse({ amount: "2.5" }).amount).toBe(2_500_000n);
    expect(adjustBodySchema.parse({ amount: "-5.50", reason: "refund", requestKey }).amount).toBe(-5_500_000n);
    expect(priceBodySchema.parse({ inputPerM: "0.000001", outputPerM: "1000000", cacheReadPerM: "" })).toMatchObject({ inputPerM: 1n, outputPerM: 1_000_000_000_000n, cacheReadPerM: null });
  });
});
