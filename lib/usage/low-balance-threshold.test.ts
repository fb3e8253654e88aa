import { describe, expect, it } from "vitest";
import { prisma } from "../db";
import { getLowBalanceThreshold, setLowBalanceThreshold } from "./low-balance-threshold";

const actor = { kind: "user" as const };

describe("low-balance threshold", () => {
  it("is set in USD, re-arms the alert, and can be turned off", async () => {
    const user = await prisma().user.create({ data: { email: "threshold@example.com", lowBalanceNotifiedAt: new Date() } });
    expect(await getLowBalanceThreshold({ userId: user.id })).toBeNull();
    expect(await setLowBalanceThreshold({ userId: user.id, amount: "5.25", actor })).toBe(5_250_000n);
    const row = await prisma().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ lowBalanceThreshold: 5_250_000n, lowBalanceNotifiedAt: null });
    expect(await setLowBalanceThreshold({ userId: user.id, amount: "0", actor })).toBeNull();
    expect(await setLowBalanceThreshold({ userId: user.id, amount: "", actor })).toBeNull();
    expect(await getLowBalanceThreshold({ userId: user.id })).toBeNull();
  });

  it("refuses bad amounts with a field error in the customer's language and keeps the old value", async () => {
    const user = await prisma().user.create({ data: { email: "threshold-bad@example.com", lowBalanceThreshold: 1_000_000n } });
    await expect(setLowBalanceThreshold({ userId: user.id, amount: "-1", actor })).rejects.toMatchObject({ fieldErrors: { threshold: "The amount cannot be negative" } });
    await expect(setLowBalanceThreshold({ userId: user.id, amount: "abc", locale: "zh-CN", actor })).rejects.toMatchObject({ fieldErrors: { threshold: "请输入美元金额，例如 2.50" } });
    await expect(setLowBalanceThreshold({ userId: user.id, amount: "99999999", actor })).rejects.toMatchObject({ code: "validation_failed", fieldErrors: { threshold: "At most $1,000,000.00" } });
    await expect(setLowBalanceThreshold({ userId: user.id, amount: "0.0000001", actor })).rejects.toMatchObject({ fieldErrors: { threshold: "Use at most 6 decimals" } });
    expect(await getLowBalanceThreshold({ userId: user.id })).toBe(1_000_000n);
  });

  it("says what the maximum is when a threshold is too large (1e9 used to read 'at most 6 decimals'; typed exponents are refused now)", async () => {
    const user = await prisma().user.create({ data: { email: "threshold-large@example.com", lowBalanceThreshold: 1_000_000n } });
    await expect(setLowBalanceThreshold({ userId: user.id, amount: "1000000000", actor })).rejects.toMatchObject({ message: "At most $1,000,000.00", fieldErrors: { threshold: "At most $1,000,000.00" } });
    await expect(setLowBalanceThreshold({ userId: user.id, amount: "1e9", actor })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(setLowBalanceThreshold({ userId: user.id, amount: "99999999999999999999", locale: "zh-CN", actor })).rejects.toMatchObject({ fieldErrors: { threshold: "最多 $1,000,000.00" } });
    expect(await getLowBalanceThreshold({ userId: user.id })).toBe(1_000_000n);
  });
});
