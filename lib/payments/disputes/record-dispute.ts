/**
 * The top_up_disputes rows: which top-up each Stripe dispute is on, how much, and whether it is open, won or lost
 * (what a charge can still refund depends on them, lib/payments/refunds/refundable-charges.ts). Written by the
 * charge.dispute.* webhooks inside their event's transaction, under the wallet's row lock, which is the lock a
 * refund approval reads them under: an approval and a dispute on one wallet are serialized.
 *
 * A dispute is opened once and closed once, whatever the order its events arrive in or how often they are replayed
 * under new event ids: the closing that comes first wins, and an opening after it changes nothing.
 */
import "server-only";
import type pg from "pg";
import { lockWalletWithin } from "../../billing/card-movements";
import { sql } from "../../db";

export type DisputeStatus = "open" | "won" | "lost";

type Target = { disputeId: string; topUpId: string; accountId: string; amount: bigint };

/** Record a dispute as opened. `isNew` is false when it was already known (opened, or already closed). */
export async function recordDisputeOpenedWithin(client: pg.PoolClient, { disputeId, topUpId, accountId, amount }: Target): Promise<{ isNew: boolean; status: DisputeStatus }> {
  await lockWalletWithin(client, accountId);
  const inserted = await sql(
    `insert into top_up_disputes (id, top_up_id, amount) values ($1, $2, $3) on conflict (id) do nothing returning id`,
    [disputeId, topUpId, amount.toString()],
    client,
  );
  if ((inserted.rowCount ?? 0) > 0) return { isNew: true, status: "open" };
  const { rows } = await sql<{ status: DisputeStatus }>(`select status from top_up_disputes where id = $1`, [disputeId], client);
  return { isNew: false, status: rows[0].status };
}

/**
 * Record a dispute as closed (won or lost), with the amount Stripe states at closing. `isNew` is false when it was
 * closed already: the caller must then move no money.
 */
export async function recordDisputeClosedWithin(
  client: pg.PoolClient,
  { disputeId, topUpId, accountId, amount, status }: Target & { status: Exclude<DisputeStatus, "open"> },
): Promise<{ isNew: boolean }> {
  await lockWalletWithin(client, accountId);
  const { rowCount } = await sql(
    `insert into top_up_disputes (id, top_up_id, amount, status, closed_at) values ($1, $2, $3, $4, now())
     on conflict (id) do update set amount = excluded.amount, status = excluded.status, closed_at = excluded.closed_at
      where top_up_disputes.status = 'open'`,
    [disputeId, topUpId, amount.toString(), status],
    client,
  );
  return { isNew: (rowCount ?? 0) > 0 };
}
