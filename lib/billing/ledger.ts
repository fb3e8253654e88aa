/**
 * The ledger: the ONLY code that writes balances and ledger entries.
 *
 * A movement is one ledger transaction with balanced entries (they sum to zero; the database checks it at commit).
 * Wallet entries carry a bucket (paid or trial) and move the wallet's cached column of that bucket in the same
 * database transaction; the wallet's CHECK constraint refuses any balance below zero, so a race can never
 * overdraw. Every movement has an idempotency key: the same key moves money once, also when callers race
 * (the second insert waits on the unique index, then finds the first).
 */
import "server-only";
import type pg from "pg";
import { pool, sql } from "../db";
import { AppError } from "../errors";
import { singleton } from "../singleton";
import { readWallet, systemAccountId, walletId, type Bucket, type SystemAccountCode, type WalletOwner } from "./accounts";
import { isTransientDbError } from "./hold-types";

export type Leg = { accountId: string; bucket: Bucket; amount: bigint };

export type TransactionKind =
  | "topup"
  | "trial"
  | "usage"
  | "refund"
  | "adjustment"
  | "dispute"
  | "dispute_release"
  | "loss";

export type PostInput = {
  kind: TransactionKind;
  idempotencyKey: string;
  legs: Leg[];
  memo?: string;
  actorId?: string;
  requestId?: string;
  metadata?: Record<string, unknown>;
};

export type PostResult = { transactionId: string; isDuplicate: boolean };

/**
 * SQL: how many settlements the usage transaction `tx` (a table alias) sums — its `metadata.settlements`, written by
 * both engines since migration 1020; a usage transaction posted before it holds one.
 */
export function usageSettlementsSql(tx: string): string {
  return `coalesce((${tx}.metadata->>'settlements')::bigint, 1)`;
}

/** Listeners told after a wallet's balance changed (cache invalidation, low-balance alerts). */
type BalanceListener = (accountIds: string[]) => void;
// process-wide (lib/singleton): a listener registered by server.ts must hear movements posted by Next's copy of this module
const listeners = () => singleton("billing.balance-listeners", () => new Set<BalanceListener>());
export function onBalanceChange(listener: BalanceListener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}
function notify(accountIds: string[]): void {
  for (const listener of listeners()) listener(accountIds);
}

const CHECK_VIOLATION = "23514";

function assertBalanced(legs: Leg[]): void {
  if (legs.length < 2) throw new Error("a ledger transaction needs at least two legs");
  let sum = 0n;
  for (const leg of legs) {
    if (typeof leg.amount !== "bigint") throw new TypeError("ledger amounts are bigint micro-units");
    if (leg.amount === 0n) throw new Error("a ledger leg cannot be zero");
    sum += leg.amount;
  }
  if (sum !== 0n) throw new Error(`ledger legs are unbalanced by ${sum}`);
}

/**
 * Post one balanced transaction inside an open database transaction (`client` has run BEGIN).
 * Returns isDuplicate when the idempotency key was used before: nothing is written then.
 */
export async function postWithin(client: pg.PoolClient, input: PostInput): Promise<PostResult> {
  assertBalanced(input.legs);
  const inserted = await sql<{ id: string }>(
    `insert into ledger_transactions (kind, idempotency_key, memo, actor_id, request_id, metadata)
     values ($1, $2, $3, $4, $5, $6) on conflict (idempotency_key) do nothing returning id`,
    [input.kind, input.idempotencyKey, input.memo ?? null, input.actorId ?? null, input.requestId ?? null, input.metadata ?? null],
    client,
  );
  if (inserted.rowCount === 0) {
    const existing = await sql<{ id: string }>(`select id from ledger_transactions where idempotency_key = $1`, [input.idempotencyKey], client);
    return { transactionId: existing.rows[0].id, isDuplicate: true };
  }
  const transactionId = inserted.rows[0].id;
  const accountIds: string[] = [];
  const buckets: string[] = [];
  const amounts: string[] = [];
  for (const leg of input.legs) {
    accountIds.push(leg.accountId);
    buckets.push(leg.bucket);
    amounts.push(leg.amount.toString());
  }
  await sql(
    `insert into ledger_entries (transaction_id, account_id, bucket, amount)
     select $1, * from unnest($2::uuid[], $3::text[], $4::bigint[])`,
    [transactionId, accountIds, buckets, amounts],
    client,
  );
  // Move the cached wallet columns; the CHECK constraint refuses a negative balance atomically.
  for (const leg of input.legs) {
    if (leg.bucket === "system") continue;
    await sql(`update ledger_accounts set ${leg.bucket} = ${leg.bucket} + $2 where id = $1 and kind <> 'system'`, [leg.accountId, leg.amount.toString()], client);
  }
  return { transactionId, isDuplicate: false };
}

/**
 * Move a wallet's `frozen` column by `delta` inside an open transaction (card disputes and approved refunds
 * awaiting Stripe; see lib/billing/card-movements.ts, the only caller, which keeps the reasons in wallet_freezes).
 * Freezing moves no money, so it writes no entries; the wallet CHECK refuses freezing more than the wallet has.
 */
export async function changeFrozenWithin(client: pg.PoolClient, { accountId, delta }: { accountId: string; delta: bigint }): Promise<void> {
  if (delta === 0n) return;
  const updated = await sql(`update ledger_accounts set frozen = frozen + $2 where id = $1 and kind <> 'system'`, [accountId, delta.toString()], client);
  if (updated.rowCount !== 1) throw new Error("frozen amounts live on wallets only");
}

/** Tell balance listeners about wallets changed by a movement posted with postWithin (after its COMMIT). */
export function notifyBalanceChange(accountIds: string[]): void {
  if (accountIds.length > 0) notify(accountIds);
}

/** Run `work` in one database transaction (BEGIN … COMMIT, ROLLBACK on error). */
export async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  // a connection that dies while checked out fails the query in flight; without a listener it would also crash the process
  client.on("error", ignoreClientError);
  let isBroken = false;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    isBroken = isTransientDbError(error);
    throw error;
  } finally {
    client.off("error", ignoreClientError);
    // a broken connection is closed, not handed to the next caller
    client.release(isBroken);
  }
}

function ignoreClientError(): void {}

/** `inTransaction`, tried again (at most 4 times) after a transient failure. Only for idempotent work. */
export async function inRetriedTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(work);
    } catch (error) {
      if (attempt >= 4 || !isTransientDbError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
    }
  }
}

/** Post one balanced transaction in its own database transaction. */
export async function post(input: PostInput): Promise<PostResult> {
  try {
    const result = await inTransaction((client) => postWithin(client, input));
    if (!result.isDuplicate) notify(input.legs.filter((l) => l.bucket !== "system").map((l) => l.accountId));
    return result;
  } catch (error) {
    if ((error as { code?: string }).code === CHECK_VIOLATION) {
      throw new AppError("insufficient_quota", "Insufficient balance for this movement");
    }
    throw error;
  }
}

/** Credit a wallet from a system account (top-up, trial credit, positive adjustment). */
export async function creditWallet({
  owner,
  amount,
  bucket,
  source,
  kind,
  idempotencyKey,
  memo,
  actorId,
  metadata,
}: {
  owner: WalletOwner;
  amount: bigint;
  bucket: "paid" | "trial";
  source: SystemAccountCode;
  kind: TransactionKind;
  idempotencyKey: string;
  memo?: string;
  actorId?: string;
  metadata?: Record<string, unknown>;
}): Promise<PostResult> {
  if (amount <= 0n) throw new AppError("bad_request", "A credit must be a positive amount");
  const [wallet, system] = await Promise.all([walletId(owner), systemAccountId(source)]);
  return post({
    kind,
    idempotencyKey,
    memo,
    actorId,
    metadata,
    legs: [
      { accountId: wallet, bucket, amount },
      { accountId: system, bucket: "system", amount: -amount },
    ],
  });
}

/**
 * An operator adjustment: positive adds paid credit; negative removes credit (trial first, then paid) and is
 * refused when it would take the wallet below zero.
 */
export async function adjustWallet({
  owner,
  amount,
  reason,
  actorId,
  idempotencyKey,
}: {
  owner: WalletOwner;
  amount: bigint;
  reason: string;
  actorId?: string;
  idempotencyKey: string;
}): Promise<PostResult> {
  if (amount === 0n) throw new AppError("bad_request", "An adjustment cannot be zero");
  if (!reason.trim()) throw new AppError("bad_request", "An adjustment needs a reason", { param: "reason" });
  if (amount > 0n) {
    return creditWallet({ owner, amount, bucket: "paid", source: "adjustments", kind: "adjustment", idempotencyKey, memo: reason, actorId });
  }
  const [wallet, system] = await Promise.all([walletId(owner), systemAccountId("adjustments")]);
  const debit = -amount;
  try {
    const result = await inTransaction(async (client) => {
      // held includes what this process has reserved in memory for requests in flight
      const { trial, paid, held, frozen } = (await readWallet({ accountId: wallet, client, isLocking: true }))!;
      if (trial + paid - held - frozen < debit) throw new AppError("insufficient_quota", "The adjustment exceeds the available balance");
      const fromTrial = trial < debit ? trial : debit;
      const fromPaid = debit - fromTrial;
      const legs: Leg[] = [{ accountId: system, bucket: "system", amount: debit }];
      if (fromTrial > 0n) legs.push({ accountId: wallet, bucket: "trial", amount: -fromTrial });
      if (fromPaid > 0n) legs.push({ accountId: wallet, bucket: "paid", amount: -fromPaid });
      return postWithin(client, { kind: "adjustment", idempotencyKey, memo: reason, actorId, legs });
    });
    if (!result.isDuplicate) notify([wallet]);
    return result;
  } catch (error) {
    if ((error as { code?: string }).code === CHECK_VIOLATION) throw new AppError("insufficient_quota", "The adjustment exceeds the available balance");
    throw error;
  }
}

export type LedgerProblem = { accountId: string; problem: string };

/**
 * Prove the invariants from the entries (the CLI's `ledger:check`):
 * - every wallet's cached paid/trial equals the sum of its entries; entry buckets match the account kind;
 * - the entries of every transaction sum to zero;
 * - no wallet is negative, nor holds or freezes more than it has;
 * - holds: wallet, API key and allowance-month `held` columns equal their pending durable holds; no hold is both
 *   settled and voided (no usage posted for a voided hold, at most one usage transaction per hold);
 * - API key and allowance-month `spent` columns equal the cost of the usage transactions posted for them.
 * In-memory holds (hot-ledger.ts) are never in the database, so these hold whatever a crash interrupted.
 */
export async function checkLedger(): Promise<{ ok: boolean; accounts: number; transactions: number; problems: LedgerProblem[] }> {
  const problems: LedgerProblem[] = [];
  const cached = await sql<{ id: string; paid: bigint; trial: bigint; held: bigint; frozen: bigint; entry_paid: bigint; entry_trial: bigint }>(
    `select a.id, a.paid, a.trial, a.held, a.frozen,
            coalesce(sum(e.amount) filter (where e.bucket = 'paid'), 0)::bigint as entry_paid,
            coalesce(sum(e.amount) filter (where e.bucket = 'trial'), 0)::bigint as entry_trial
       from ledger_accounts a left join ledger_entries e on e.account_id = a.id
      where a.kind <> 'system' group by a.id`,
  );
  for (const row of cached.rows) {
    if (row.paid !== row.entry_paid) problems.push({ accountId: row.id, problem: `paid ${row.paid} ≠ entries ${row.entry_paid}` });
    if (row.trial !== row.entry_trial) problems.push({ accountId: row.id, problem: `trial ${row.trial} ≠ entries ${row.entry_trial}` });
    if (row.paid < 0n || row.trial < 0n || row.held < 0n || row.frozen < 0n) problems.push({ accountId: row.id, problem: "negative balance" });
  }
  const wrongBucket = await sql<{ account_id: string }>(
    `select distinct e.account_id from ledger_entries e join ledger_accounts a on a.id = e.account_id
      where (a.kind = 'system') <> (e.bucket = 'system')`,
  );
  for (const row of wrongBucket.rows) problems.push({ accountId: row.account_id, problem: "entry bucket does not match account kind" });
  const unbalanced = await sql<{ transaction_id: string; total: bigint }>(
    `select transaction_id, sum(amount)::bigint as total from ledger_entries group by transaction_id having sum(amount) <> 0`,
  );
  for (const row of unbalanced.rows) problems.push({ accountId: `transaction ${row.transaction_id}`, problem: `unbalanced by ${row.total}` });
  const heldMismatch = await sql<{ id: string; held: bigint; pending: bigint }>(
    `select a.id, a.held, coalesce(sum(h.amount) filter (where h.status = 'pending'), 0)::bigint as pending
       from ledger_accounts a left join holds h on h.account_id = a.id
      where a.kind <> 'system' group by a.id having a.held <> coalesce(sum(h.amount) filter (where h.status = 'pending'), 0)`,
  );
  for (const row of heldMismatch.rows) problems.push({ accountId: row.id, problem: `held ${row.held} ≠ pending holds ${row.pending}` });
  const overReserved = await sql<{ id: string }>(
    `select id from ledger_accounts where kind <> 'system' and held + frozen > paid + trial`,
  );
  for (const row of overReserved.rows) problems.push({ accountId: row.id, problem: "holds and freezes exceed the balance" });
  const keyHeld = await sql<{ id: string; held: bigint; pending: bigint }>(
    `select k.id, k.held, coalesce(h.pending, 0)::bigint as pending
       from api_keys k left join (select api_key_id, sum(amount) as pending from holds where status = 'pending' group by api_key_id) h
         on h.api_key_id = k.id
      where k.held <> coalesce(h.pending, 0)`,
  );
  for (const row of keyHeld.rows) problems.push({ accountId: `api key ${row.id}`, problem: `held ${row.held} ≠ pending holds ${row.pending}` });
  const allowanceHeld = await sql<{ membership_id: string; month: string; held: bigint; pending: bigint }>(
    `select u.membership_id, u.month, u.held, coalesce(h.pending, 0)::bigint as pending
       from allowance_usage u left join (select membership_id, allowance_month, sum(amount) as pending from holds
                                          where status = 'pending' group by membership_id, allowance_month) h
         on h.membership_id = u.membership_id and h.allowance_month = u.month
      where u.held <> coalesce(h.pending, 0)`,
  );
  for (const row of allowanceHeld.rows) problems.push({ accountId: `membership ${row.membership_id} ${row.month}`, problem: `allowance held ${row.held} ≠ pending holds ${row.pending}` });
  const voidedButCharged = await sql<{ id: string }>(
    `select h.id from holds h join usage_postings p on p.hold_id = h.id where h.status in ('voided', 'pending')`,
  );
  for (const row of voidedButCharged.rows) problems.push({ accountId: `hold ${row.id}`, problem: "usage posted for a hold that is not settled" });
  // Every usage transaction moved exactly what its postings say: revenue their costs, the wallet what they charged
  // (by bucket), losses what they could not charge — and every posting names a usage transaction.
  const usageMismatch = await sql<{ id: string }>(
    `with p as (
       select transaction_id as id, sum(cost)::bigint as cost, sum(charged - from_trial)::bigint as paid, sum(from_trial)::bigint as trial,
              sum(loss)::bigint as loss, count(*)::bigint as settlements
         from usage_postings group by transaction_id
     ), t as (
       select t.id, ${usageSettlementsSql("t")} as settlements,
              coalesce(sum(e.amount) filter (where a.code = 'usage_revenue'), 0)::bigint as cost,
              coalesce(-sum(e.amount) filter (where e.bucket = 'paid'), 0)::bigint as paid,
              coalesce(-sum(e.amount) filter (where e.bucket = 'trial'), 0)::bigint as trial,
              coalesce(-sum(e.amount) filter (where a.code = 'losses'), 0)::bigint as loss
         from ledger_transactions t join ledger_entries e on e.transaction_id = t.id join ledger_accounts a on a.id = e.account_id
        where t.kind = 'usage' group by t.id
     )
     select coalesce(t.id, p.id) as id from t full join p on p.id = t.id
      where t.id is null or p.id is null or (t.cost, t.paid, t.trial, t.loss, t.settlements) <> (p.cost, p.paid, p.trial, p.loss, p.settlements)`,
  );
  for (const row of usageMismatch.rows) problems.push({ accountId: `transaction ${row.id}`, problem: "usage transaction does not match its postings" });
  const keySpent = await sql<{ id: string; spent: bigint; usage: bigint }>(
    `select k.id, k.spent, coalesce(u.usage, 0)::bigint as usage
       from api_keys k left join (select api_key_id, sum(cost) as usage from usage_postings where api_key_id is not null group by 1) u
         on u.api_key_id = k.id
      where k.spent <> coalesce(u.usage, 0)`,
  );
  for (const row of keySpent.rows) problems.push({ accountId: `api key ${row.id}`, problem: `spent ${row.spent} ≠ usage posted ${row.usage}` });
  const allowanceSpent = await sql<{ membership_id: string; month: string; spent: bigint; usage: bigint }>(
    `select coalesce(a.membership_id, u.membership_id) as membership_id, coalesce(a.month, u.month) as month,
            coalesce(a.spent, 0)::bigint as spent, coalesce(u.usage, 0)::bigint as usage
       from allowance_usage a
       full join (select membership_id, allowance_month as month, sum(cost) as usage
                    from usage_postings
                   where membership_id is not null and allowance_month is not null
                   group by 1, 2) u
         on u.membership_id = a.membership_id and u.month = a.month
      where coalesce(a.spent, 0) <> coalesce(u.usage, 0)`,
  );
  for (const row of allowanceSpent.rows) problems.push({ accountId: `membership ${row.membership_id} ${row.month}`, problem: `allowance spent ${row.spent} ≠ usage posted ${row.usage}` });
  // Every frozen micro has a reason: a wallet's `frozen` equals the sum of its active freezes (refunds, disputes).
  const frozenMismatch = await sql<{ id: string; frozen: bigint; reasons: bigint }>(
    `select a.id, a.frozen, coalesce(sum(f.amount) filter (where f.status = 'active'), 0)::bigint as reasons
       from ledger_accounts a left join wallet_freezes f on f.account_id = a.id
      where a.kind <> 'system' group by a.id
     having a.frozen <> coalesce(sum(f.amount) filter (where f.status = 'active'), 0)`,
  );
  for (const row of frozenMismatch.rows) problems.push({ accountId: row.id, problem: `frozen ${row.frozen} ≠ active freezes ${row.reasons}` });
  const counts = await sql<{ accounts: bigint; transactions: bigint }>(
    `select (select count(*) from ledger_accounts)::bigint as accounts, (select count(*) from ledger_transactions)::bigint as transactions`,
  );
  return {
    ok: problems.length === 0,
    accounts: Number(counts.rows[0].accounts),
    transactions: Number(counts.rows[0].transactions),
    problems,
  };
}
