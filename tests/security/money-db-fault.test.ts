/**
 * Money: the database fails while a hold is being settled. Real faults, injected in PostgreSQL: a trigger that raises
 * for one settlement's ledger transaction (a permanent fault), and one that terminates its own backend the first
 * time (a connection lost mid-commit). Whatever happens, each hold resolves exactly once — charged once, or released
 * without a charge — its reservation is given back once, and ledger:check's invariants hold. Both hold engines.
 */
import { describe, expect, it } from "vitest";
import { getWalletBalance } from "../../lib/billing/accounts";
import { expireDurableHolds, placeDurableHold, settleDurableHold, voidDurableHold } from "../../lib/billing/durable-holds";
import type { Hold, HoldRequest, SettleInput, SettleResult } from "../../lib/billing/hold-types";
import { settleHold } from "../../lib/billing/holds";
import { expireMemoryHolds, placeMemoryHold, settleMemoryHold, voidMemoryHold } from "../../lib/billing/hot-ledger";
import { checkLedger } from "../../lib/billing/ledger";
import { fundedWallet } from "../../lib/billing/test-support/fixtures";
import { sql } from "../../lib/db";
import { faultAttempts, injectLedgerFault, removeLedgerFault } from "./support/money-faults";

type Engine = {
  place: (req: HoldRequest) => Promise<Hold>;
  settle: (hold: Hold, input: SettleInput) => Promise<SettleResult>;
  void: (hold: Hold) => Promise<{ isDuplicate: boolean }>;
  expire: (now: Date) => Promise<number> | number;
};

const ENGINES: { name: string; engine: Engine }[] = [
  { name: "in-memory hot path", engine: { place: placeMemoryHold, settle: settleMemoryHold, void: voidMemoryHold, expire: expireMemoryHolds } },
  { name: "durable holds", engine: { place: placeDurableHold, settle: settleDurableHold, void: voidDurableHold, expire: expireDurableHolds } },
];

const PAID = 1_000_000n;
async function usagePosted(requestId: string): Promise<{ count: number; revenue: bigint }> {
  const { rows } = await sql<{ count: number; revenue: bigint }>(
    `select count(*)::int as count, coalesce(sum(cost), 0)::bigint as revenue from usage_postings where request_id = $1`,
    [requestId],
  );
  return rows[0];
}

async function expectLedgerOk(): Promise<void> {
  const check = await checkLedger();
  expect(check.problems).toEqual([]);
  expect(check.ok).toBe(true);
}

describe.each(ENGINES)("a database fault during settle: $name", ({ name, engine }) => {
  const tag = name.replace(/\W+/g, "-");

  it("a permanent fault charges nothing, and the hold resolves once (released now or by the sweeper)", async () => {
    const { walletId } = await fundedWallet({ paid: PAID });
    const requestId = `perm-${tag}`;
    const hold = await engine.place({ walletId, amount: 300_000n, idempotencyKey: `req:${requestId}` });
    const seq = await injectLedgerFault({ requestId, kind: "raise" });
    await expect(engine.settle(hold, { cost: 120_000n, requestId })).rejects.toThrow();
    expect(await faultAttempts(seq)).toBeGreaterThanOrEqual(1);
    await removeLedgerFault();

    // whatever the engine left pending is released by its sweeper, exactly once
    const expired = await engine.expire(new Date(hold.expiresAt.getTime() + 1));
    expect(expired).toBeLessThanOrEqual(1);
    expect(await engine.void(hold)).toEqual({ isDuplicate: true });
    expect(await engine.expire(new Date(hold.expiresAt.getTime() + 1))).toBe(0);
    expect(await usagePosted(requestId)).toEqual({ count: 0, revenue: 0n });
    expect(await getWalletBalance(walletId)).toMatchObject({ paid: PAID, held: 0n });
    // the reservation was given back: the whole balance can be held again
    const again = await engine.place({ walletId, amount: PAID, idempotencyKey: `again:${requestId}` });
    expect(await engine.void(again)).toEqual({ isDuplicate: false });
    await expectLedgerOk();
  });

  it("a connection lost mid-commit is retried: charged exactly once", async () => {
    const { walletId } = await fundedWallet({ paid: PAID });
    const requestId = `lost-${tag}`;
    const hold = await engine.place({ walletId, amount: 300_000n, idempotencyKey: `req:${requestId}` });
    const seq = await injectLedgerFault({ requestId, kind: "terminate" });
    const settled = await engine.settle(hold, { cost: 120_000n, requestId });
    await removeLedgerFault();
    expect(await faultAttempts(seq)).toBeGreaterThanOrEqual(2); // the first attempt died, a later one committed
    expect(settled).toEqual({ charged: 120_000n, loss: 0n, isDuplicate: false });
    expect(await engine.settle(hold, { cost: 120_000n, requestId })).toMatchObject({ charged: 0n, isDuplicate: true });
    expect(await engine.void(hold)).toEqual({ isDuplicate: true });
    expect(await usagePosted(requestId)).toEqual({ count: 1, revenue: 120_000n });
    expect(await getWalletBalance(walletId)).toMatchObject({ paid: PAID - 120_000n, held: 0n });
    await expectLedgerOk();
  });
});

describe("a database fault inside a batch of settlements (in-memory hot path)", () => {
  it("isolates the failing settlement: the others are charged once, it is charged never, the books balance", async () => {
    const { walletId } = await fundedWallet({ paid: PAID });
    const holds = await Promise.all(Array.from({ length: 20 }, (_, i) => placeMemoryHold({ walletId, amount: 20_000n, idempotencyKey: `batch:${walletId}:${i}` })));
    await injectLedgerFault({ requestId: "batch-5", kind: "raise" });
    const results = await Promise.allSettled(holds.map((hold, i) => settleHold(hold, { cost: 10_000n, requestId: `batch-${i}` })));
    await removeLedgerFault();
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    expect(results[5].status).toBe("rejected");
    expect(await usagePosted("batch-5")).toEqual({ count: 0, revenue: 0n });
    for (const i of [0, 4, 6, 19]) expect(await usagePosted(`batch-${i}`)).toEqual({ count: 1, revenue: 10_000n });
    expect(await getWalletBalance(walletId)).toMatchObject({ paid: PAID - 19n * 10_000n, held: 0n });
    await expectLedgerOk();
  });
});
