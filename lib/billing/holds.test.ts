import { describe, expect, it } from "vitest";
import { sql } from "../db";
import { getWalletBalance, systemAccountId } from "./accounts";
import { expireDurableHolds, placeDurableHold, settleDurableHold, voidDurableHold } from "./durable-holds";
import * as memoryEngine from "./holds";
import { checkLedger } from "./ledger";
import { apiKeyRow, fundedWallet, orgMembership } from "./test-support/fixtures";

const USD = 1_000_000n;
const CENTS_10 = 100_000n;

async function expectLedgerOk(): Promise<void> {
  const result = await checkLedger();
  expect(result.problems).toEqual([]);
  expect(result.ok).toBe(true);
}

async function systemBalance(code: "usage_revenue" | "losses"): Promise<bigint> {
  const id = await systemAccountId(code);
  const { rows } = await sql<{ total: bigint }>(`select coalesce(sum(amount), 0)::bigint as total from ledger_entries where account_id = $1`, [id]);
  return rows[0].total;
}

const ENGINES = [
  { name: "in-memory hot path (holds.ts)", engine: memoryEngine },
  {
    name: "durable reference (durable-holds.ts)",
    engine: { placeHold: placeDurableHold, settleHold: settleDurableHold, voidHold: voidDurableHold, expireHolds: expireDurableHolds },
  },
];

describe.each(ENGINES)("holds: $name", ({ engine }) => {
  const { placeHold, settleHold, voidHold, expireHolds } = engine;

  it("admits exactly 10 of 50 concurrent $0.10 holds against $1.00", async () => {
    const { walletId } = await fundedWallet({ paid: USD });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => placeHold({ walletId, amount: CENTS_10, idempotencyKey: `race:${walletId}:${i}` })),
    );
    const admitted = results.filter((r) => r.status === "fulfilled");
    expect(admitted).toHaveLength(10);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "insufficient_quota" });
    const balance = await getWalletBalance(walletId);
    expect(balance.paid).toBe(USD);
    for (const r of admitted) await settleHold(r.value, { cost: CENTS_10, requestId: r.value.id });
    expect(await getWalletBalance(walletId)).toMatchObject({ paid: 0n, trial: 0n, held: 0n });
    await expectLedgerOk();
  });

  it("admits exactly 10 concurrent holds against a key's credit cap when the wallet is rich", async () => {
    const { userId, walletId } = await fundedWallet({ paid: 100n * USD });
    const apiKey = await apiKeyRow({ userId, creditCap: USD });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => placeHold({ walletId, amount: CENTS_10, idempotencyKey: `cap:${walletId}:${i}`, apiKey })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "key_cap_exceeded" });
    for (const r of results) if (r.status === "fulfilled") await settleHold(r.value, { cost: CENTS_10, requestId: r.value.id });
    const key = await sql<{ spent: bigint }>(`select spent from api_keys where id = $1`, [apiKey.id]);
    expect(key.rows[0].spent).toBe(USD);
    await expect(placeHold({ walletId, amount: 1n, idempotencyKey: `cap:after:${walletId}`, apiKey })).rejects.toMatchObject({ code: "key_cap_exceeded" });
    await expectLedgerOk();
  });

  it("admits exactly 10 concurrent holds against a member's monthly allowance", async () => {
    const { orgId, orgWalletId, membershipId } = await orgMembership({ monthlyAllowance: USD });
    const { creditWallet } = await import("./ledger");
    await creditWallet({ owner: { orgId }, amount: 100n * USD, bucket: "paid", source: "card_payments", kind: "topup", idempotencyKey: `org-seed:${orgId}` });
    const member = { membershipId, monthlyAllowance: USD };
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => placeHold({ walletId: orgWalletId, amount: CENTS_10, idempotencyKey: `allow:${orgWalletId}:${i}`, member })),
    );
    const admitted = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(admitted).toHaveLength(10);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "allowance_exceeded" });
    expect(admitted[0].allowanceMonth).toBe(new Date().toISOString().slice(0, 7));
    for (const hold of admitted) await settleHold(hold, { cost: 50_000n, requestId: hold.id });
    const usage = await sql<{ spent: bigint; held: bigint }>(`select spent, held from allowance_usage where membership_id = $1`, [membershipId]);
    expect(usage.rows[0]).toEqual({ spent: 500_000n, held: 0n });
    await expectLedgerOk();
  });

  it("settles below, equal to and above the hold; the over-run beyond the balance is a loss", async () => {
    const { walletId } = await fundedWallet({ paid: USD, trial: 200_000n });
    const revenueBefore = await systemBalance("usage_revenue");
    const lossesBefore = await systemBalance("losses");

    const below = await placeHold({ walletId, amount: 300_000n, idempotencyKey: `below:${walletId}` });
    expect(await settleHold(below, { cost: 100_000n, requestId: "r-below" })).toEqual({ charged: 100_000n, loss: 0n, isDuplicate: false });
    // trial credit is spent first
    expect(await getWalletBalance(walletId)).toMatchObject({ trial: 100_000n, paid: USD, held: 0n });

    const equal = await placeHold({ walletId, amount: 300_000n, idempotencyKey: `equal:${walletId}` });
    expect(await settleHold(equal, { cost: 300_000n, requestId: "r-equal" })).toEqual({ charged: 300_000n, loss: 0n, isDuplicate: false });
    expect(await getWalletBalance(walletId)).toMatchObject({ trial: 0n, paid: 800_000n, held: 0n });

    // over-run covered by the balance: charged in full
    const above = await placeHold({ walletId, amount: 100_000n, idempotencyKey: `above:${walletId}` });
    expect(await settleHold(above, { cost: 300_000n, requestId: "r-above" })).toEqual({ charged: 300_000n, loss: 0n, isDuplicate: false });
    expect(await getWalletBalance(walletId)).toMatchObject({ paid: 500_000n, held: 0n });

    // over-run beyond the balance: charged what is there, the rest is a loss
    const beyond = await placeHold({ walletId, amount: 400_000n, idempotencyKey: `beyond:${walletId}` });
    expect(await settleHold(beyond, { cost: 900_000n, requestId: "r-beyond" })).toEqual({ charged: 500_000n, loss: 400_000n, isDuplicate: false });
    expect(await getWalletBalance(walletId)).toMatchObject({ paid: 0n, trial: 0n, held: 0n, available: 0n });

    expect((await systemBalance("usage_revenue")) - revenueBefore).toBe(100_000n + 300_000n + 300_000n + 900_000n);
    expect((await systemBalance("losses")) - lossesBefore).toBe(-400_000n);
    await expectLedgerOk();
  });

  it("voids, refuses a second resolution, and settles zero cost without a transaction", async () => {
    const { walletId } = await fundedWallet({ paid: USD });
    const hold = await placeHold({ walletId, amount: 500_000n, idempotencyKey: `void-me:${walletId}` });
    expect((await getWalletBalance(walletId)).available).toBe(500_000n);
    expect(await voidHold(hold)).toEqual({ isDuplicate: false });
    expect(await voidHold(hold)).toEqual({ isDuplicate: true });
    expect(await settleHold(hold, { cost: 1n, requestId: "late" })).toEqual({ charged: 0n, loss: 0n, isDuplicate: true });
    expect(await getWalletBalance(walletId)).toMatchObject({ paid: USD, held: 0n, available: USD });

    const zero = await placeHold({ walletId, amount: 500_000n, idempotencyKey: `zero:${walletId}` });
    const before = await checkLedger();
    expect(await settleHold(zero, { cost: 0n, requestId: "zero" })).toEqual({ charged: 0n, loss: 0n, isDuplicate: false });
    expect((await checkLedger()).transactions).toBe(before.transactions);
    expect(await voidHold(zero)).toEqual({ isDuplicate: true });
    expect((await getWalletBalance(walletId)).available).toBe(USD);
    await expectLedgerOk();
  });

  it("charges a double settle once, also when both race", async () => {
    const { walletId } = await fundedWallet({ paid: USD });
    const hold = await placeHold({ walletId, amount: 500_000n, idempotencyKey: `double:${walletId}` });
    const results = await Promise.all(Array.from({ length: 5 }, () => settleHold(hold, { cost: 200_000n, requestId: "double" })));
    expect(results.filter((r) => !r.isDuplicate)).toEqual([{ charged: 200_000n, loss: 0n, isDuplicate: false }]);
    expect((await getWalletBalance(walletId)).paid).toBe(800_000n);
    const postings = await sql<{ cost: bigint; charged: bigint }>(`select cost, charged from usage_postings where hold_id = $1`, [hold.id]);
    expect(postings.rows).toEqual([{ cost: 200_000n, charged: 200_000n }]);
    await expectLedgerOk();
  });

  it("expires holds never resolved, releasing the wallet, the key and the allowance", async () => {
    const { orgId, orgWalletId, membershipId, userId } = await orgMembership({ monthlyAllowance: USD });
    const { creditWallet } = await import("./ledger");
    await creditWallet({ owner: { orgId }, amount: USD, bucket: "paid", source: "card_payments", kind: "topup", idempotencyKey: `exp-seed:${orgId}` });
    const apiKey = await apiKeyRow({ userId, creditCap: USD });
    const hold = await placeHold({ walletId: orgWalletId, amount: USD, idempotencyKey: `expire-me:${orgWalletId}`, apiKey, member: { membershipId, monthlyAllowance: USD }, ttlMs: 60_000 });
    await expect(placeHold({ walletId: orgWalletId, amount: 1n, idempotencyKey: `blocked:${orgWalletId}` })).rejects.toMatchObject({ code: "insufficient_quota" });
    expect(await expireHolds(new Date(Date.now() + 1_000))).toBe(0);
    expect(await expireHolds(new Date(Date.now() + 61_000))).toBeGreaterThanOrEqual(1);
    expect((await getWalletBalance(orgWalletId)).available).toBe(USD);
    const again = await placeHold({ walletId: orgWalletId, amount: USD, idempotencyKey: `after-expiry:${orgWalletId}`, apiKey, member: { membershipId, monthlyAllowance: USD } });
    expect(await voidHold(hold)).toEqual({ isDuplicate: true });
    await voidHold(again);
    await expectLedgerOk();
  });

  it("a settlement racing new holds keeps its money: they are refused, nothing is lost", async () => {
    const { walletId } = await fundedWallet({ paid: USD });
    const first = await placeHold({ walletId, amount: USD, idempotencyKey: `full:${walletId}` });
    const [settled, ...others] = await Promise.allSettled([
      settleHold(first, { cost: USD, requestId: `full:${walletId}` }),
      ...Array.from({ length: 5 }, (_, i) => placeHold({ walletId, amount: CENTS_10, idempotencyKey: `late:${walletId}:${i}` })),
    ]);
    expect(settled).toMatchObject({ status: "fulfilled", value: { charged: USD, loss: 0n } });
    for (const other of others) expect(other).toMatchObject({ status: "rejected", reason: { code: "insufficient_quota" } });
    await expectLedgerOk();
  });

  it("places one hold when 20 callers race with the same idempotency key", async () => {
    const { walletId } = await fundedWallet({ paid: USD });
    const holds = await Promise.all(Array.from({ length: 20 }, () => placeHold({ walletId, amount: 300_000n, idempotencyKey: `same-request:${walletId}` })));
    expect(new Set(holds.map((h) => h.id)).size).toBe(1);
    expect((await getWalletBalance(walletId)).available).toBe(700_000n);
    const settled = await Promise.all(holds.map((h) => settleHold(h, { cost: 300_000n, requestId: "same-request" })));
    expect(settled.filter((s) => !s.isDuplicate)).toHaveLength(1);
    expect((await getWalletBalance(walletId)).paid).toBe(700_000n);
    await expectLedgerOk();
  });

  it("refuses bad input with a clear error and changes nothing", async () => {
    const { walletId } = await fundedWallet({ paid: USD });
    await expect(placeHold({ walletId, amount: -1n, idempotencyKey: `neg:${walletId}` })).rejects.toMatchObject({ code: "bad_request" });
    await expect(placeHold({ walletId: "nope", amount: 1n, idempotencyKey: `bad-wallet:${walletId}` })).rejects.toMatchObject({ code: "bad_request" });
    await expect(placeHold({ walletId, amount: 1n, idempotencyKey: "" })).rejects.toMatchObject({ code: "bad_request" });
    const hold = await placeHold({ walletId, amount: 1n, idempotencyKey: `ok:${walletId}` });
    await expect(settleHold(hold, { cost: -1n, requestId: "x" })).rejects.toMatchObject({ code: "bad_request" });
    expect((await getWalletBalance(walletId)).available).toBe(USD - 1n);
    await voidHold(hold);
    await expectLedgerOk();
  });
});
