/**
 * refund.failed (and charge.refund.updated to failed or canceled): Stripe accepted one of our refunds, then could
 * not pay it out. While the allocation is still waiting, its freeze would otherwise stay forever (charge.refunded
 * skips failed refunds): mark it failed, release the frozen credit back to the customer, close the request (failed
 * when no part was paid) and tell the operator through the audit log. After charge.refunded already booked the
 * refund, the money never left after all: the credit goes back to the wallet (`refunds` → PAID), the top-up's
 * refunded total comes down (Stripe lowers the charge's), and a request left with no paid part is failed. The
 * event's snapshot is not trusted; the refund is read back from Stripe.
 */
import "server-only";
import type pg from "pg";
import { refundReversedWithin, releaseFreezeWithin } from "../../billing/card-movements";
import { sql } from "../../db";
import { isUuid } from "../../keys/owned-key";
import { auditWithin, STRIPE_ACTOR } from "../audit";
import { processEventOnce } from "../process-event";
import { finishRefundRequestWithin } from "../refunds/finish-refund-request";
import type { Stripe } from "../stripe";

type Allocation = { id: string; refund_request_id: string; top_up_id: string; amount: bigint; applied: boolean; status: string };

function isFailed(refund: Stripe.Refund): boolean {
  return refund.status === "failed" || refund.status === "canceled";
}

async function failAllocationWithin(client: pg.PoolClient, refund: Stripe.Refund, eventId: string, changedWallets: Set<string>): Promise<void> {
  const allocationId = refund.metadata?.allocation_id;
  if (!allocationId || !isUuid(allocationId)) return;
  const reason = (refund.failure_reason ?? refund.status ?? "failed").slice(0, 200);
  const { rows } = await sql<Allocation>(
    `select id, refund_request_id, top_up_id, amount, applied_at is not null as applied, status from refund_allocations where id = $1 for update`,
    [allocationId],
    client,
  );
  const allocation = rows[0];
  if (!allocation || allocation.status === "failed") return;
  const details = { refundId: refund.id, amount: allocation.amount, reason, event: eventId };
  if (allocation.applied) return reverseBookedRefundWithin(client, { allocation, refund, eventId, details, changedWallets });
  await sql(`update refund_allocations set status = 'failed', error = $2, stripe_refund_id = coalesce(stripe_refund_id, $3) where id = $1`, [allocation.id, reason, refund.id], client);
  const { accountId } = await releaseFreezeWithin(client, { kind: "refund", reference: allocation.refund_request_id, amount: allocation.amount, outcome: "released" });
  await auditWithin(client, { actor: STRIPE_ACTOR, action: "refund.stripe_failed", targetType: "refund_request", targetId: allocation.refund_request_id, details });
  await finishRefundRequestWithin(client, allocation.refund_request_id);
  if (accountId) changedWallets.add(accountId);
}

/** The refund was already booked (charge.refunded): give the credit back and undo the top-up's refunded amount. */
async function reverseBookedRefundWithin(
  client: pg.PoolClient,
  { allocation, refund, eventId, details, changedWallets }: { allocation: Allocation; refund: Stripe.Refund; eventId: string; details: Record<string, unknown>; changedWallets: Set<string> },
): Promise<void> {
  const { rows } = await sql<{ account_id: string }>(
    `update top_ups set refunded = refunded - $2 where id = $1 and refunded >= $2 returning account_id`,
    [allocation.top_up_id, allocation.amount.toString()],
    client,
  );
  const accountId = rows[0]?.account_id;
  if (!accountId) throw new Error(`refund ${refund.id} failed but its top-up does not show it as refunded`);
  await refundReversedWithin(client, { accountId, amount: allocation.amount, idempotencyKey: `${eventId}:reversal:${allocation.id}`, topUpId: allocation.top_up_id, refundId: refund.id });
  await sql(`update refund_allocations set status = 'failed', error = $2, applied_at = null where id = $1`, [allocation.id, details.reason], client);
  await auditWithin(client, { actor: STRIPE_ACTOR, action: "refund.reversed", targetType: "refund_request", targetId: allocation.refund_request_id, details });
  const paidParts = await sql(`select 1 from refund_allocations where refund_request_id = $1 and status = 'succeeded'`, [allocation.refund_request_id], client);
  if (paidParts.rowCount === 0) {
    await sql(`update refund_requests set status = 'failed' where id = $1 and status = 'completed'`, [allocation.refund_request_id], client);
    await auditWithin(client, { actor: STRIPE_ACTOR, action: "refund.failed", targetType: "refund_request", targetId: allocation.refund_request_id, details });
  }
  changedWallets.add(accountId);
}

export async function handleRefundFailed(event: Stripe.RefundFailedEvent | Stripe.ChargeRefundUpdatedEvent, stripe: Stripe): Promise<void> {
  const refund = await stripe.refunds.retrieve(event.data.object.id);
  if (!isFailed(refund)) return;
  await processEventOnce(event, (client, changedWallets) => failAllocationWithin(client, refund, event.id, changedWallets));
}
