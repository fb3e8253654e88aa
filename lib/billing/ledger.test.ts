import { describe, expect, it } from "vitest";
import { pool, prisma, sql } from "../db";
import { getWalletBalance, systemAccountId, walletId } from "./accounts";
import { grantTrialCredit } from "./grant-trial-credit";
import { placeDurableHold, voidDurableHold } from "./durable-holds";
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

  it("the database refuses an unbalanced transaction at commit, whether its legs come in one statement or several", async () => {
    const user = await newUser("balance@example.com");
    const wallet = await walletId({ userId: user.id });
    const system = await systemAccountId("adjustments");
    /** Insert `statements` (each a list of legs: wallet amount, system amount) into one new transaction, then COMMIT. */
    async function commitLegs(key: string, statements: [bigint, bigint][]): Promise<void> {
      const client = await pool().connect();
      try {
        await client.query("BEGIN");
        const tx = await client.query<{ id: string }>(`insert into ledger_transactions (kind, idempotency_key) values ('adjustment', $1) returning id`, [key]);
        for (const [toWallet, toSystem] of statements) {
          const legs = [
            [wallet, "paid", toWallet],
            [system, "system", toSystem],
          ].filter(([, , amount]) => amount !== 0n);
          await client.query(
            `insert into ledger_entries (transaction_id, account_id, bucket, amount) select $1, * from unnest($2::uuid[], $3::text[], $4::bigint[])`,
            [tx.rows[0].id, legs.map((l) => l[0]), legs.map((l) => l[1]), legs.map((l) => String(l[2]))],
          );
        }
        await client.query(`update ledger_accounts set paid = paid + $2 where id = $1`, [wallet, statements.reduce((sum, [w]) => sum + w, 0n).toString()]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      } finally {
        client.release();
      }
    }
    await commitLegs("split-balanced", [
      [7n, 0n],
      [0n, -7n],
    ]);
    await expect(commitLegs("one-statement-unbalanced", [[5n, -4n]])).rejects.toThrow(/unbalanced by 1/);
    await expect(
      commitLegs("split-unbalanced", [
        [5n, 0n],
        [0n, -3n],
      ]),
    ).rejects.toThrow(/unbalanced by 2/);
    // a later statement cannot unbalance a committed transaction either
    const committed = await sql<{ id: string }>(`select id from ledger_transactions where idempotency_key = 'split-balanced'`);
    await expect(sql(`insert into ledger_entries (transaction_id, account_id, bucket, amount) values ($1, $2, 'system', 1)`, [committed.rows[0].id, system])).rejects.toThrow(/unbalanced by 1/);
    expect((await getWalletBalance(wallet)).paid).toBe(7n);
    expect((await sql(`select 1 from ledger_unbalanced_checks`)).rowCount).toBe(0);
    expect((await checkLedger()).problems).toEqual([]);
  });

  // last in this file: it leaves the ledger with the problems it plants
  it("ledger:check finds usage posted for a hold that was voided and a usage transaction its postings do not add up to; a hold is posted once", async () => {
    const user = await newUser("audit@example.com");
    const wallet = await walletId({ userId: user.id });
    await creditWallet({ owner: { userId: user.id }, amount: 1_000_000n, bucket: "paid", source: "card_payments", kind: "topup", idempotencyKey: "audit:topup" });
    const hold = await placeDurableHold({ walletId: wallet, amount: 1_000n, idempotencyKey: "audit:hold", ttlMs: 60_000 });
    await voidDurableHold(hold);
    expect((await checkLedger()).problems).toEqual([]);
    const revenue = await systemAccountId("usage_revenue");
    /** A usage transaction of 100 from the wallet, written by hand as the ledger would never write it. */
    async function usageTransaction(key: string): Promise<string> {
      const { rows } = await sql<{ id: string }>(
        `with t as (insert into ledger_transactions (kind, idempotency_key, metadata) values ('usage', $1, '{"settlements": 1}') returning id),
              e as (insert into ledger_entries (transaction_id, account_id, bucket, amount) select t.id, a.account, a.bucket, a.amount from t,
                      (values ($2::uuid, 'paid', -100::bigint), ($3::uuid, 'system', 100::bigint)) as a(account, bucket, amount))
         select id from t`,
        [key, wallet, revenue],
      );
      await sql(`update ledger_accounts set paid = paid - 100 where id = $1`, [wallet]);
      return rows[0].id;
    }
    const posting = `insert into usage_postings (hold_id, transaction_id, cost, charged, from_trial, loss) values ($1, $2, 100, 100, 0, 0)`;
    // the voided hold charged through a transaction that matches its posting
    const charged = await usageTransaction("audit:usage:1");
    await sql(posting, [hold.id, charged]);
    // a second posting of the same hold is refused by its key, whatever transaction it names
    const again = await usageTransaction("audit:usage:2");
    await expect(sql(posting, [hold.id, again])).rejects.toThrow(/usage_postings_pkey/);
    // postings are ledger rows: never changed
    await expect(sql(`update usage_postings set cost = 1, charged = 1 where hold_id = $1`, [hold.id])).rejects.toThrow(/immutable/);
    const { problems } = await checkLedger();
    expect(problems).toContainEqual({ accountId: `hold ${hold.id}`, problem: "usage posted for a hold that is not settled" });
    // the second moved money without a posting
    expect(problems).toContainEqual({ accountId: `transaction ${again}`, problem: "usage transaction does not match its postings" });
    expect(problems.filter((p) => p.accountId === `transaction ${charged}`)).toEqual([]);
  });
});
