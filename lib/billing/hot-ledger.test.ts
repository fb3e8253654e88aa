/**
 * The in-memory views of the hot path follow changes made outside the process (another connection, the CLI,
 * another instance) through NOTIFY switchyard_ledger.
 */
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { sql } from "../db";
import { resetEnv } from "../env";
import { systemAccountId } from "./accounts";
import { placeHold, settleHold, voidHold } from "./holds";
import { expireMemoryHolds } from "./hot-ledger";
import { hotLedger } from "./hot-ledger-state";
import { adjustWallet, checkLedger, creditWallet } from "./ledger";
import { apiKeyRow, fundedWallet } from "./test-support/fixtures";

/** How many database transactions wrote these holds' usage settlements (distinct xmin of their postings). */
async function usageCommits(holds: { id: string }[]): Promise<number> {
  const { rows } = await sql<{ xid: string }>(`select distinct xmin::text as xid from usage_postings where hold_id = any($1::uuid[])`, [holds.map((hold) => hold.id)]);
  return rows.length;
}

/** Run `work` with LEDGER_SETTLE_WINDOW_MS set to `ms`, then put the configured value back. */
async function withSettleWindow<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const configured = process.env.LEDGER_SETTLE_WINDOW_MS;
  process.env.LEDGER_SETTLE_WINDOW_MS = String(ms);
  resetEnv();
  try {
    return await work();
  } finally {
    if (configured === undefined) delete process.env.LEDGER_SETTLE_WINDOW_MS;
    else process.env.LEDGER_SETTLE_WINDOW_MS = configured;
    resetEnv();
  }
}

/** Post a balanced movement from a separate connection, as another process would. */
async function postElsewhere({ walletId, amount, key }: { walletId: string; amount: bigint; key: string }): Promise<void> {
  const system = await systemAccountId("adjustments");
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query("BEGIN");
    const tx = await client.query(`insert into ledger_transactions (kind, idempotency_key, memo) values ('adjustment', $1, 'elsewhere') returning id`, [key]);
    await client.query(`insert into ledger_entries (transaction_id, account_id, bucket, amount) values ($1, $2, 'paid', $3), ($1, $4, 'system', $5)`, [
      tx.rows[0].id,
      walletId,
      amount.toString(),
      system,
      (-amount).toString(),
    ]);
    await client.query(`update ledger_accounts set paid = paid + $2 where id = $1`, [walletId, amount.toString()]);
    await client.query("COMMIT");
    // a stray, malformed notification must not break the listener
    await client.query(`select pg_notify('switchyard_ledger', 'garbage')`);
  } finally {
    await client.end();
  }
}

async function canHold(walletId: string, amount: bigint, key: string): Promise<boolean> {
  try {
    await voidHold(await placeHold({ walletId, amount, idempotencyKey: key }));
    return true;
  } catch {
    return false;
  }
}

describe("hot path views", () => {
  it("see credits and debits committed by another connection", async () => {
    const { walletId } = await fundedWallet({ paid: 1_000_000n });
    expect(await canHold(walletId, 1_000_000n, "view:1")).toBe(true);
    expect(await canHold(walletId, 1_000_001n, "view:2")).toBe(false);

    await postElsewhere({ walletId, amount: 2_000_000n, key: "elsewhere:credit" });
    let n = 0;
    await expect.poll(() => canHold(walletId, 3_000_000n, `view:credit:${n++}`), { timeout: 5_000 }).toBe(true);

    await postElsewhere({ walletId, amount: -2_500_000n, key: "elsewhere:debit" });
    await expect.poll(() => canHold(walletId, 600_000n, `view:debit:${n++}`), { timeout: 5_000 }).toBe(false);
    expect(await canHold(walletId, 500_000n, "view:after")).toBe(true);

    // a settlement after an outside debit never charges more than the wallet has left
    const hold = await placeHold({ walletId, amount: 500_000n, idempotencyKey: "view:settle" });
    expect(await settleHold(hold, { cost: 400_000n, requestId: "view:settle" })).toEqual({ charged: 400_000n, loss: 0n, isDuplicate: false });
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("see a top-up and an adjustment this process posted at once, without waiting for their notification", async () => {
    const { userId, walletId } = await fundedWallet({ paid: 100n });
    expect(await canHold(walletId, 100n, "own:warm")).toBe(true);
    // each movement is followed at once by a hold that needs it: the notification may still be on its way
    for (let i = 1; i <= 20; i++) {
      await creditWallet({ owner: { userId }, amount: 1_000n, bucket: "paid", source: "card_payments", kind: "topup", idempotencyKey: `own:topup:${i}` });
      expect(await canHold(walletId, 100n + 1_000n * BigInt(i), `own:hold:${i}`), `after top-up ${i}`).toBe(true);
    }
    await adjustWallet({ owner: { userId }, amount: -20_000n, reason: "test", idempotencyKey: "own:debit" });
    expect(await canHold(walletId, 101n, "own:after-debit")).toBe(false);
    expect(await canHold(walletId, 100n, "own:rest")).toBe(true);
  });

  it("see every wallet changed by one statement elsewhere (one notification carries up to 48 wallets)", async () => {
    const wallets = await Promise.all(Array.from({ length: 50 }, () => fundedWallet({ paid: 1_000n })));
    const ids = wallets.map((w) => w.walletId);
    for (const id of ids) expect(await canHold(id, 1_000n, `many:before:${id}`)).toBe(true);
    const views = ids.map((id) => hotLedger().wallets.get(id));
    const system = await systemAccountId("adjustments");
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query("BEGIN");
      const tx = await client.query<{ id: string }>(`insert into ledger_transactions (kind, idempotency_key, memo) values ('adjustment', 'many:credit', 'elsewhere') returning id`);
      await client.query(
        `insert into ledger_entries (transaction_id, account_id, bucket, amount)
         select $1::uuid, id, 'paid', 500 from unnest($2::uuid[]) as w(id) union all select $1::uuid, $3::uuid, 'system', -500 * cardinality($2::uuid[])`,
        [tx.rows[0].id, ids, system],
      );
      await client.query(`update ledger_accounts set paid = paid + 500 where id = any($1::uuid[])`, [ids]);
      await client.query("COMMIT");
    } finally {
      await client.end();
    }
    await expect.poll(() => views.filter((view) => view?.base.paid === 1_500n).length, { timeout: 5_000 }).toBe(50);
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("falls back to locking the wallet when another writer changed it first", async () => {
    const { walletId } = await fundedWallet({ paid: 1_000_000n });
    const hold = await placeHold({ walletId, amount: 500_000n, idempotencyKey: "stale:hold" });
    const view = hotLedger().wallets.get(walletId);
    if (!view) throw new Error("the wallet view should be loaded");
    const before = { ...view.base };
    // another process takes $0.80 (the database does not know this process's in-memory hold)...
    await postElsewhere({ walletId, amount: -800_000n, key: "stale:debit" });
    await expect.poll(() => view.base.version > before.version, { timeout: 5_000 }).toBe(true);
    // ...and this process settles as if it had not heard yet: the versioned write refuses, the locking path charges
    // what is really there and books the rest as a loss
    view.base = before;
    expect(await settleHold(hold, { cost: 500_000n, requestId: "stale:hold" })).toEqual({ charged: 200_000n, loss: 300_000n, isDuplicate: false });
    expect(view.base.paid).toBe(0n);
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("an idle lane waits its settle window, so settlements close together commit in one transaction", async () => {
    const { walletId } = await fundedWallet({ paid: 1_000_000n });
    /** Settle two holds at once; true when both usage rows were written by the same database transaction. */
    async function settledTogether(tag: string): Promise<boolean> {
      const holds = await Promise.all([1, 2].map((n) => placeHold({ walletId, amount: 1_000n, idempotencyKey: `${tag}:${n}` })));
      const results = await Promise.all(holds.map((hold) => settleHold(hold, { cost: 700n, requestId: hold.id })));
      expect(results.map((r) => r.charged)).toEqual([700n, 700n]);
      return (await usageCommits(holds)) === 1;
    }
    expect(await withSettleWindow(5, () => settledTogether("window"))).toBe(true);
    // without a window the first settlement commits at once and the second waits for the next batch
    expect(await withSettleWindow(0, () => settledTogether("no-window"))).toBe(false);
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("a lane that was just committing waits its window again, so settlements that arrive during and after a commit share the next one", async () => {
    const { walletId } = await fundedWallet({ paid: 1_000_000n });
    const holds = await Promise.all([1, 2, 3].map((n) => placeHold({ walletId, amount: 1_000n, idempotencyKey: `rewindow:${n}` })));
    await withSettleWindow(50, async () => {
      const lanes = hotLedger().lanes;
      const first = settleHold(holds[0], { cost: 700n, requestId: holds[0].id });
      // the second arrives while the first batch is being committed...
      // (a loaded machine may take a while to start that commit: the wait is for the order of events, not a deadline)
      await vi.waitFor(() => expect(lanes.some((lane) => lane.flushing !== null)).toBe(true), { interval: 1, timeout: 15_000 });
      const second = settleHold(holds[1], { cost: 700n, requestId: holds[1].id });
      await first;
      // ...the third once that commit is over (a macrotask later: whatever ran right after the commit has run)
      await new Promise((resolve) => setImmediate(resolve));
      const third = settleHold(holds[2], { cost: 700n, requestId: holds[2].id });
      expect((await Promise.all([second, third])).map((r) => r.charged)).toEqual([700n, 700n]);
    });
    const { rows } = await sql<{ hold: string; xid: string }>(`select hold_id::text as hold, xmin::text as xid from usage_postings where hold_id = any($1::uuid[])`, [
      holds.map((hold) => hold.id),
    ]);
    const xid = (hold: (typeof holds)[number]) => rows.find((row) => row.hold === hold.id)?.xid;
    expect(rows).toHaveLength(3);
    expect(xid(holds[1])).not.toBe(xid(holds[0]));
    // committed together: the second did not go alone the moment the first batch was durable
    expect(xid(holds[2])).toBe(xid(holds[1]));
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("settlements nobody waits for (the relay's) fill a batch of 64 within the window; awaited ones commit at 16", async () => {
    const { walletId } = await fundedWallet({ paid: 1_000_000n });
    /** Settle 20 holds at once; how many database transactions wrote their usage rows. */
    async function commits(tag: string, isBackground: boolean): Promise<number> {
      const holds = await Promise.all(Array.from({ length: 20 }, (_, n) => placeHold({ walletId, amount: 1_000n, idempotencyKey: `${tag}:${n}` })));
      const results = await withSettleWindow(50, () => Promise.all(holds.map((hold) => settleHold(hold, { cost: 700n, requestId: hold.id, isBackground }))));
      expect(results.every((r) => r.charged === 700n && !r.isDuplicate)).toBe(true);
      return usageCommits(holds);
    }
    expect(await commits("background", true)).toBe(1);
    // 16 awaited settlements are a full batch: committed at once, the other 4 in the next
    expect(await commits("awaited", false)).toBe(2);
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("a batch with a hold already posted elsewhere reports that one as a duplicate and charges the rest", async () => {
    const { walletId } = await fundedWallet({ paid: 1_000_000n });
    const first = await placeHold({ walletId, amount: 100_000n, idempotencyKey: "posted:first" });
    expect(await settleHold(first, { cost: 100_000n, requestId: "posted:first" })).toMatchObject({ charged: 100_000n, isDuplicate: false });
    // forgotten here (as after a restart) and past its expiry: settling it again reaches the database, whose usage posting key refuses it
    hotLedger().holds.delete(first.id);
    const forgotten = { ...first, expiresAt: new Date(Date.now() - 1_000) };
    const second = await placeHold({ walletId, amount: 200_000n, idempotencyKey: "posted:second" });
    const [again, fresh] = await Promise.all([
      settleHold(forgotten, { cost: 100_000n, requestId: "posted:again" }),
      settleHold(second, { cost: 200_000n, requestId: "posted:second" }),
    ]);
    expect(again).toEqual({ charged: 0n, loss: 0n, isDuplicate: true });
    expect(fresh).toEqual({ charged: 200_000n, loss: 0n, isDuplicate: false });
    const wallet = await sql<{ paid: bigint }>(`select paid from ledger_accounts where id = $1`, [walletId]);
    expect(wallet.rows[0].paid).toBe(700_000n);
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("remembers a resolved hold for 10 s (duplicates reported), then forgets it (refused as unknown); charged once either way", async () => {
    const { walletId } = await fundedWallet({ paid: 1_000_000n });
    const hold = await placeHold({ walletId, amount: 100_000n, idempotencyKey: "grace:hold" });
    expect(await settleHold(hold, { cost: 60_000n, requestId: "grace:hold" })).toEqual({ charged: 60_000n, loss: 0n, isDuplicate: false });
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 9_000 });
    try {
      expireMemoryHolds();
      expect(await settleHold(hold, { cost: 60_000n, requestId: "grace:again" })).toEqual({ charged: 0n, loss: 0n, isDuplicate: true });
      expect(await placeHold({ walletId, amount: 100_000n, idempotencyKey: "grace:hold" })).toEqual(hold);
      vi.setSystemTime(Date.now() + 2_000);
      expireMemoryHolds();
      expect(hotLedger().holds.has(hold.id)).toBe(false);
      expect(hotLedger().byIdempotencyKey.has("grace:hold")).toBe(false);
      await expect(settleHold(hold, { cost: 60_000n, requestId: "grace:late" })).rejects.toMatchObject({ code: "not_found" });
    } finally {
      vi.useRealTimers();
    }
    const wallet = await sql<{ paid: bigint }>(`select paid from ledger_accounts where id = $1`, [walletId]);
    expect(wallet.rows[0].paid).toBe(940_000n);
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("forgets a single-use hold as soon as it is settled, voided or expired; a repeat settle is refused, or deduplicated once expired", async () => {
    const { walletId } = await fundedWallet({ paid: 1_000_000n });
    const forgotten = (hold: { id: string }, key: string) => !hotLedger().holds.has(hold.id) && !hotLedger().byIdempotencyKey.has(key);
    const settled = await placeHold({ walletId, amount: 100_000n, idempotencyKey: "single:settled", isSingleUse: true });
    expect(hotLedger().holds.has(settled.id)).toBe(true);
    expect(await settleHold(settled, { cost: 60_000n, requestId: "single:settled" })).toEqual({ charged: 60_000n, loss: 0n, isDuplicate: false });
    expect(forgotten(settled, "single:settled")).toBe(true);
    await expect(settleHold(settled, { cost: 60_000n, requestId: "single:again" })).rejects.toMatchObject({ code: "not_found" });
    // once its lifetime is over, a repeat reaches the database, whose usage posting key refuses a second charge
    expect(await settleHold({ ...settled, expiresAt: new Date(Date.now() - 1) }, { cost: 60_000n, requestId: "single:late" })).toEqual({ charged: 0n, loss: 0n, isDuplicate: true });

    const voided = await placeHold({ walletId, amount: 100_000n, idempotencyKey: "single:voided", isSingleUse: true });
    expect(await voidHold(voided)).toEqual({ isDuplicate: false });
    expect(forgotten(voided, "single:voided")).toBe(true);

    const expiring = await placeHold({ walletId, amount: 100_000n, idempotencyKey: "single:expired", isSingleUse: true, ttlMs: 1_000 });
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 2_000 });
    try {
      expect(expireMemoryHolds()).toBe(1);
      expect(forgotten(expiring, "single:expired")).toBe(true);
      // settled after its expiry (a request that outlived its hold): still charged, once
      expect(await settleHold(expiring, { cost: 30_000n, requestId: "single:expired" })).toEqual({ charged: 30_000n, loss: 0n, isDuplicate: false });
    } finally {
      vi.useRealTimers();
    }
    // nothing is still reserved: the whole balance minus what was charged is available again
    const next = await placeHold({ walletId, amount: 910_000n, idempotencyKey: "single:rest" });
    expect(next.amount).toBe(910_000n);
    const wallet = await sql<{ paid: bigint }>(`select paid from ledger_accounts where id = $1`, [walletId]);
    expect(wallet.rows[0].paid).toBe(910_000n);
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("a settlement batch reads back awkward memo and metadata text and amounts above 2^53 exactly", async () => {
    const big = 2n ** 53n + 7n; // not representable as a JSON number: amounts must travel as strings
    const { walletId } = await fundedWallet({ paid: big + 1_000n, trial: 3n });
    const memo = `usage "gpt-4o" \\ \u00e9\u4e2d\u{1f600} \t'x' \ud800`;
    const metadata = { model: `m"\\\n`, note: "\u2028{}", nested: { list: [1, "two", null] } };
    const hold = await placeHold({ walletId, amount: big, idempotencyKey: "awkward:hold" });
    const settled = await settleHold(hold, { cost: big, requestId: `req_"awk"\\`, memo, metadata });
    expect(settled).toEqual({ charged: big, loss: 0n, isDuplicate: false });

    const { rows } = await sql(
      `select transaction_id, request_id, api_key_id, membership_id, allowance_month, cost, charged, from_trial, loss, memo, metadata from usage_postings where hold_id = $1`,
      [hold.id],
    );
    expect(rows).toHaveLength(1);
    // a lone surrogate is stored as U+FFFD, as pg stores it when it sends the string itself
    expect(rows[0]).toMatchObject({
      request_id: `req_"awk"\\`,
      memo: memo.replace("\ud800", "\ufffd"),
      api_key_id: null,
      membership_id: null,
      allowance_month: null,
      cost: big,
      charged: big,
      from_trial: 3n,
      loss: 0n,
    });
    expect(rows[0].metadata).toEqual(metadata);
    // the wallet's usage transaction of this batch: its one settlement, under the same memo
    const tx = await sql(`select kind, memo, request_id, metadata from ledger_transactions where id = $1`, [rows[0].transaction_id]);
    expect(tx.rows[0]).toEqual({ kind: "usage", memo: memo.replace("\ud800", "\ufffd"), request_id: null, metadata: { settlements: 1 } });
    const entries = await sql<{ bucket: string; amount: bigint; is_wallet: boolean }>(
      `select bucket, amount, account_id = $2 as is_wallet from ledger_entries where transaction_id = $1 order by bucket, amount`,
      [rows[0].transaction_id, walletId],
    );
    expect(entries.rows).toEqual([
      { bucket: "paid", amount: -(big - 3n), is_wallet: true },
      { bucket: "system", amount: big, is_wallet: false },
      { bucket: "trial", amount: -3n, is_wallet: true },
    ]);
    const wallet = await sql<{ paid: bigint; trial: bigint }>(`select paid, trial from ledger_accounts where id = $1`, [walletId]);
    expect(wallet.rows[0]).toEqual({ paid: 1_003n, trial: 0n });
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("a batch posts one usage transaction per wallet whose entries sum that wallet's postings (trial first, over-runs as losses)", async () => {
    const a = await fundedWallet({ paid: 1_000_000n, trial: 500n });
    const b = await fundedWallet({ paid: 2_000n });
    const key = await apiKeyRow({ userId: a.userId });
    const aHolds = await Promise.all([1, 2, 3].map((n) => placeHold({ walletId: a.walletId, apiKey: key, amount: 1_000n, idempotencyKey: `per-wallet:a:${n}` })));
    const bHolds = await Promise.all([1, 2].map((n) => placeHold({ walletId: b.walletId, amount: 1_000n, idempotencyKey: `per-wallet:b:${n}` })));
    const results = await withSettleWindow(50, () =>
      Promise.all([
        settleHold(aHolds[0], { cost: 400n, requestId: "per-wallet:a:1", memo: "gpt-4o" }),
        settleHold(aHolds[1], { cost: 700n, requestId: "per-wallet:a:2", memo: "gpt-4o" }),
        settleHold(aHolds[2], { cost: 900n, requestId: "per-wallet:a:3", memo: "claude-sonnet-4" }),
        // B has 2,000 for two holds of 1,000 that cost 1,500 and 1,200: each is charged what its hold left, the rest a loss
        settleHold(bHolds[0], { cost: 1_500n, requestId: "per-wallet:b:1", memo: "gpt-4o" }),
        settleHold(bHolds[1], { cost: 1_200n, requestId: "per-wallet:b:2", memo: "gpt-4o" }),
      ]),
    );
    expect(results).toEqual([
      { charged: 400n, loss: 0n, isDuplicate: false },
      { charged: 700n, loss: 0n, isDuplicate: false },
      { charged: 900n, loss: 0n, isDuplicate: false },
      { charged: 1_000n, loss: 500n, isDuplicate: false },
      { charged: 1_000n, loss: 200n, isDuplicate: false },
    ]);
    const [revenueId, lossesId] = await Promise.all([systemAccountId("usage_revenue"), systemAccountId("losses")]);
    /** The one usage transaction these holds' postings name, with its entries summed by account and bucket. */
    async function usageTransaction(holds: { id: string }[], walletId: string) {
      const postings = await sql<{ transaction_id: string; from_trial: bigint }>(`select transaction_id, from_trial from usage_postings where hold_id = any($1::uuid[]) order by request_id`, [
        holds.map((hold) => hold.id),
      ]);
      const ids = [...new Set(postings.rows.map((row) => row.transaction_id))];
      expect(ids).toHaveLength(1);
      const tx = await sql<{ kind: string; memo: string | null; metadata: unknown }>(`select kind, memo, metadata from ledger_transactions where id = $1`, [ids[0]]);
      const entries = await sql<{ account: string; bucket: string; amount: bigint }>(
        `select case account_id when $2 then 'wallet' when $3 then 'revenue' when $4 then 'losses' else account_id::text end as account, bucket, sum(amount)::bigint as amount
           from ledger_entries where transaction_id = $1 group by 1, 2 order by 1, 2`,
        [ids[0], walletId, revenueId, lossesId],
      );
      return { ...tx.rows[0], fromTrial: postings.rows.map((row) => row.from_trial), entries: entries.rows };
    }
    // A: trial first (400, then the last 100 of it and 600 paid, then 900 paid); two models, so no single memo
    expect(await usageTransaction(aHolds, a.walletId)).toEqual({
      kind: "usage",
      memo: null,
      metadata: { settlements: 3 },
      fromTrial: [400n, 100n, 0n],
      entries: [
        { account: "revenue", bucket: "system", amount: 2_000n },
        { account: "wallet", bucket: "paid", amount: -1_500n },
        { account: "wallet", bucket: "trial", amount: -500n },
      ],
    });
    expect(await usageTransaction(bHolds, b.walletId)).toEqual({
      kind: "usage",
      memo: "gpt-4o",
      metadata: { settlements: 2 },
      fromTrial: [0n, 0n],
      entries: [
        { account: "losses", bucket: "system", amount: -700n },
        { account: "revenue", bucket: "system", amount: 2_700n },
        { account: "wallet", bucket: "paid", amount: -2_000n },
      ],
    });
    const spent = await sql<{ spent: bigint }>(`select spent from api_keys where id = $1`, [key.id]);
    expect(spent.rows[0].spent).toBe(2_000n);
    const wallets = await sql<{ paid: bigint; trial: bigint; held: bigint }>(`select paid, trial, held from ledger_accounts where id = any($1::uuid[]) order by paid desc`, [[a.walletId, b.walletId]]);
    expect(wallets.rows).toEqual([
      { paid: 998_500n, trial: 0n, held: 0n },
      { paid: 0n, trial: 0n, held: 0n },
    ]);
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("hold ids are UUID version 7: the time they were placed, then random bits", async () => {
    const { walletId } = await fundedWallet({ paid: 1_000n });
    const before = Date.now();
    const hold = await placeHold({ walletId, amount: 1n, idempotencyKey: "v7:hold" });
    const after = Date.now();
    await voidHold(hold);
    expect(hold.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const placedAt = Number.parseInt(hold.id.replace("-", "").slice(0, 12), 16);
    expect(placedAt).toBeGreaterThanOrEqual(before);
    expect(placedAt).toBeLessThanOrEqual(after);
  });

  it("hold ids stay distinct version 7 UUIDs across refills of their random pool", async () => {
    const { walletId } = await fundedWallet({ paid: 1_000n });
    const before = Date.now();
    const holds = [];
    for (let i = 0; i < 1_200; i++) holds.push(await placeHold({ walletId, amount: 0n, idempotencyKey: `v7-many:${i}` }));
    const after = Date.now();
    await Promise.all(holds.map((hold) => voidHold(hold)));
    const ids = holds.map((hold) => hold.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const placedAt = Number.parseInt(id.replace("-", "").slice(0, 12), 16);
      expect(placedAt).toBeGreaterThanOrEqual(before);
      expect(placedAt).toBeLessThanOrEqual(after);
    }
    // the variant digit carries two random bits
    expect(new Set(ids.map((id) => id[19])).size).toBe(4);
  });
});
