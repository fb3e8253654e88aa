/**
 * Card money movements: the ledger side of Stripe. Top-up credits, refunds to the card, dispute freezes and lost
 * disputes, written with `postWithin` inside the caller's transaction (the webhook writes its stripe_events row in
 * the same transaction, so an effect and "event seen" commit together or not at all).
 *
 * Rules (docs/architecture.md, "Payments"):
 * - A top-up credits the wallet's PAID bucket from `card_payments`.
 * - Refundable = unspent paid credit = paid − held − frozen (holds are counted against paid, conservatively: a
 *   request in flight may end up spending paid credit). Trial credit is never refundable.
 * - An approved refund freezes its amount until Stripe's charge.refunded arrives, so the credit cannot be spent
 *   meanwhile; the webhook then releases the freeze and debits PAID → `refunds`.
 * - A refund Stripe reports that the wallet can no longer cover (made from Stripe's dashboard after the credit was
 *   spent) debits what paid credit is left and books the rest to `losses`: the ledger records what happened and
 *   never goes below zero.
 * - A dispute freezes the disputed amount (at most what the wallet has available); a lost dispute releases the
 *   freeze and debits PAID → `disputes` (shortfall → `losses`); a won dispute only releases it.
 * Every freeze has a row in wallet_freezes; the active rows sum to the wallet's `frozen` column (checkFreezes).
 */
import "server-only";
import type pg from "pg";
import { sql } from "../db";
import { readWallet, systemAccountId, type WalletRow } from "./accounts";
import { changeFrozenWithin, postWithin, type Leg, type PostResult } from "./ledger";
import { SYSTEM_MEMOS } from "./system-memos";

export type FreezeKind = "refund" | "dispute";

/** Lock a wallet row for the rest of the transaction and read its balances (in-memory reservations included). */
export async function lockWalletWithin(client: pg.PoolClient, accountId: string): Promise<WalletRow> {
  const wallet = await readWallet({ accountId, client, isLocking: true });
  if (!wallet) throw new Error("not a wallet");
  return wallet;
}

/** Unspent paid credit: paid − held − frozen, never below zero. */
export function unspentPaid({ paid, held, frozen }: WalletRow): bigint {
  const value = paid - held - frozen;
  return value > 0n ? value : 0n;
}

/** Credit a paid top-up to the wallet (card_payments → wallet paid). */
export async function creditTopUpWithin(
  client: pg.PoolClient,
  { accountId, amount, idempotencyKey, topUpId, memo }: { accountId: string; amount: bigint; idempotencyKey: string; topUpId: string; memo?: string },
): Promise<PostResult> {
  if (amount <= 0n) throw new Error("a top-up credit must be positive");
  const source = await systemAccountId("card_payments");
  return postWithin(client, {
    kind: "topup",
    idempotencyKey,
    memo: memo ?? SYSTEM_MEMOS.cardTopUp,
    metadata: { topUpId },
    legs: [
      { accountId, bucket: "paid", amount },
      { accountId: source, bucket: "system", amount: -amount },
    ],
  });
}

/**
 * Freeze up to `amount` on a wallet for a reason (kind + reference, unique). With `isCapped` the freeze is limited
 * to what the wallet has available (disputes); without it, freezing more than the unspent paid credit throws
 * (approved refunds). Freezing the same reason twice returns the first freeze. Returns the amount frozen.
 */
export async function freezeWithin(
  client: pg.PoolClient,
  { accountId, kind, reference, amount, isCapped }: { accountId: string; kind: FreezeKind; reference: string; amount: bigint; isCapped: boolean },
): Promise<bigint> {
  const wallet = await lockWalletWithin(client, accountId);
  const existing = await sql<{ original_amount: bigint }>(`select original_amount from wallet_freezes where kind = $1 and reference = $2`, [kind, reference], client);
  if (existing.rows[0]) return existing.rows[0].original_amount;
  const available = wallet.paid + wallet.trial - wallet.held - wallet.frozen;
  const limit = isCapped ? (available > 0n ? available : 0n) : unspentPaid(wallet);
  if (!isCapped && amount > limit) throw new Error("cannot freeze more than the unspent paid credit");
  const frozen = amount < limit ? amount : limit;
  await sql(
    `insert into wallet_freezes (account_id, kind, reference, amount, original_amount, status, resolved_at)
     values ($1, $2, $3, $4, $4, $5, $6)`,
    [accountId, kind, reference, frozen.toString(), frozen > 0n ? "active" : "released", frozen > 0n ? null : new Date()],
    client,
  );
  await changeFrozenWithin(client, { accountId, delta: frozen });
  return frozen;
}

/**
 * Release up to `amount` (default: all) of a freeze. `outcome` says why: "applied" when the frozen money is
 * leaving (refund paid out, dispute lost), "released" when it returns to the customer's spendable balance.
 * Returns the wallet and the amount released (0 when there was no active freeze).
 */
export async function releaseFreezeWithin(
  client: pg.PoolClient,
  { kind, reference, amount, outcome }: { kind: FreezeKind; reference: string; amount?: bigint; outcome: "applied" | "released" },
): Promise<{ accountId: string | null; released: bigint }> {
  const { rows } = await sql<{ id: string; account_id: string; amount: bigint }>(
    `select id, account_id, amount from wallet_freezes where kind = $1 and reference = $2 for update`,
    [kind, reference],
    client,
  );
  const freeze = rows[0];
  if (!freeze || freeze.amount === 0n) return { accountId: freeze?.account_id ?? null, released: 0n };
  const wanted = amount ?? freeze.amount;
  const released = wanted < freeze.amount ? wanted : freeze.amount;
  if (released <= 0n) return { accountId: freeze.account_id, released: 0n };
  const remaining = freeze.amount - released;
  await sql(
    `update wallet_freezes set amount = $2, status = case when $2::bigint = 0 then $3 else status end,
            resolved_at = case when $2::bigint = 0 then now() else resolved_at end
      where id = $1`,
    [freeze.id, remaining.toString(), outcome],
    client,
  );
  await lockWalletWithin(client, freeze.account_id);
  await changeFrozenWithin(client, { accountId: freeze.account_id, delta: -released });
  return { accountId: freeze.account_id, released };
}

/**
 * Money leaving a wallet for the cardholder (refund) or the card network (lost dispute): debit PAID by what the
 * wallet can still give, book any shortfall to `losses`, credit the destination account with the full amount.
 */
async function debitPaidWithin(
  client: pg.PoolClient,
  {
    accountId,
    amount,
    destination,
    kind,
    idempotencyKey,
    memo,
    metadata,
  }: {
    accountId: string;
    amount: bigint;
    destination: "refunds" | "disputes";
    kind: "refund" | "dispute";
    idempotencyKey: string;
    memo: string;
    metadata: Record<string, unknown>;
  },
): Promise<PostResult & { fromWallet: bigint; shortfall: bigint }> {
  if (amount <= 0n) throw new Error("a card debit must be positive");
  const wallet = await lockWalletWithin(client, accountId);
  // The wallet CHECK needs paid ≥ 0 and held + frozen ≤ paid + trial after the debit.
  const headroom = wallet.paid + wallet.trial - wallet.held - wallet.frozen;
  let fromWallet = amount;
  if (fromWallet > wallet.paid) fromWallet = wallet.paid;
  if (fromWallet > headroom) fromWallet = headroom > 0n ? headroom : 0n;
  const shortfall = amount - fromWallet;
  const legs: Leg[] = [{ accountId: await systemAccountId(destination), bucket: "system", amount }];
  if (fromWallet > 0n) legs.push({ accountId, bucket: "paid", amount: -fromWallet });
  if (shortfall > 0n) legs.push({ accountId: await systemAccountId("losses"), bucket: "system", amount: -shortfall });
  const result = await postWithin(client, { kind, idempotencyKey, memo, metadata: { ...metadata, fromWallet: fromWallet.toString(), shortfall: shortfall.toString() }, legs });
  return { ...result, fromWallet, shortfall };
}

/** A refund to the card: wallet PAID → `refunds` (shortfall → `losses`). */
export async function refundToCardWithin(
  client: pg.PoolClient,
  { accountId, amount, idempotencyKey, topUpId, chargeId }: { accountId: string; amount: bigint; idempotencyKey: string; topUpId: string; chargeId: string },
): Promise<PostResult & { fromWallet: bigint; shortfall: bigint }> {
  return debitPaidWithin(client, {
    accountId,
    amount,
    destination: "refunds",
    kind: "refund",
    idempotencyKey,
    memo: SYSTEM_MEMOS.refundToCard,
    metadata: { topUpId, chargeId },
  });
}

/**
 * A refund that Stripe accepted, we booked, and Stripe then failed to pay out (refund.failed): the money never left,
 * so `refunds` → wallet PAID. Only for refunds of a refund request, whose freeze guaranteed the wallet paid it all.
 */
export async function refundReversedWithin(
  client: pg.PoolClient,
  { accountId, amount, idempotencyKey, topUpId, refundId }: { accountId: string; amount: bigint; idempotencyKey: string; topUpId: string; refundId: string },
): Promise<PostResult> {
  if (amount <= 0n) throw new Error("a refund reversal must be positive");
  await lockWalletWithin(client, accountId);
  return postWithin(client, {
    kind: "refund",
    idempotencyKey,
    memo: SYSTEM_MEMOS.refundReversed,
    metadata: { topUpId, refundId, isReversal: true },
    legs: [
      { accountId: await systemAccountId("refunds"), bucket: "system", amount: -amount },
      { accountId, bucket: "paid", amount },
    ],
  });
}

/** A lost dispute: wallet PAID → `disputes` (shortfall → `losses`). Release the dispute's freeze first. */
export async function disputeLostWithin(
  client: pg.PoolClient,
  { accountId, amount, idempotencyKey, disputeId, chargeId }: { accountId: string; amount: bigint; idempotencyKey: string; disputeId: string; chargeId: string },
): Promise<PostResult & { fromWallet: bigint; shortfall: bigint }> {
  return debitPaidWithin(client, {
    accountId,
    amount,
    destination: "disputes",
    kind: "dispute",
    idempotencyKey,
    memo: SYSTEM_MEMOS.disputeLost,
    metadata: { disputeId, chargeId },
  });
}

/** Prove every wallet's `frozen` equals the sum of its active freezes. */
export async function checkFreezes(): Promise<{ ok: boolean; problems: { accountId: string; problem: string }[] }> {
  const { rows } = await sql<{ id: string; frozen: bigint; reasons: bigint }>(
    `select a.id, a.frozen, coalesce(sum(f.amount) filter (where f.status = 'active'), 0)::bigint as reasons
       from ledger_accounts a left join wallet_freezes f on f.account_id = a.id
      where a.kind <> 'system' group by a.id
     having a.frozen <> coalesce(sum(f.amount) filter (where f.status = 'active'), 0)`,
  );
  const problems = rows.map((row) => ({ accountId: row.id, problem: `frozen ${row.frozen} ≠ active freezes ${row.reasons}` }));
  return { ok: problems.length === 0, problems };
}
