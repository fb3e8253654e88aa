import { describe, expect, it } from "vitest";
import { prisma } from "../db";
import { getWalletBalance, walletId } from "./accounts";
import { grantTrialCredit } from "./grant-trial-credit";
import { adjustWallet, checkLedger, creditWallet } from "./ledger";

async function newUser(email: string) {
  return prisma().user.create({ data: { email } });
}

describe("ledger core", () => {
  it("grants the trial credit once, as a trial-bucket entry from promotions", async () => {
    const user = await newUser("trial@example.com");
    expect(await grantTrialCredit(user.id)).toBe(1_000_000n);
    expect(await grantTrialCredit(user.id)).toBe(0n);
    const balance = await getWalletBalance(await walletId({ userId: user.id }));
    expect(balance).toMatchObject({ trial: 1_000_000n, paid: 0n, available: 1_000_000n });
    expect((await checkLedger()).ok).toBe(true);
  });

  it("moves money once when 20 callers race with the same idempotency key", async () => {
    const user = await newUser("idem@example.com");
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        creditWallet({ owner: { userId: user.id }, amount: 5_000_000n, bucket: "paid", source: "card_payments", kind: "topup", idempotencyKey: "evt_same" }),
      ),
    );
    expect(results.filter((r) => !r.isDuplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.transactionId)).size).toBe(1);
    const balance = await getWalletBalance(await walletId({ userId: user.id }));
    expect(balance.paid).toBe(5_000_000n);
    expect((await checkLedger()).ok).toBe(true);
  });

  it("debits trial credit first on a negative adjustment and refuses to go below zero", async () => {
    const user = await newUser("adjust@example.com");
    await grantTrialCredit(user.id);
    await adjustWallet({ owner: { userId: user.id }, amount: 2_000_000n, reason: "goodwill", idempotencyKey: "adj-1" });
    await adjustWallet({ owner: { userId: user.id }, amount: -1_500_000n, reason: "correction", idempotencyKey: "adj-2" });
    const balance = await getWalletBalance(await walletId({ userId: user.id }));
    expect(balance).toMatchObject({ trial: 0n, paid: 1_500_000n });
    await expect(adjustWallet({ owner: { userId: user.id }, amount: -1_500_001n, reason: "too much", idempotencyKey: "adj-3" })).rejects.toMatchObject({ code: "insufficient_quota" });
    await expect(adjustWallet({ owner: { userId: user.id }, amount: 1n, reason: "  ", idempotencyKey: "adj-4" })).rejects.toMatchObject({ code: "bad_request" });
    expect((await checkLedger()).ok).toBe(true);
  });

  it("concurrent negative adjustments never overdraw", async () => {
    const user = await newUser("race@example.com");
    await adjustWallet({ owner: { userId: user.id }, amount: 1_000_000n, reason: "seed", idempotencyKey: "seed" });
    const settled = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => adjustWallet({ owner: { userId: user.id }, amount: -100_000n, reason: "race", idempotencyKey: `r-${i}` })),
    );
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(10);
    const balance = await getWalletBalance(await walletId({ userId: user.id }));
    expect(balance.paid).toBe(0n);
    expect((await checkLedger()).ok).toBe(true);
  });
});
