/**
 * refund.failed (and charge.refund.updated to failed or canceled): Stripe accepted one of our refunds, then could
 * not pay it out. While the allocation is still waiting, its freeze would otherwise stay forever (charge.refunded
 * skips failed refunds): mark it failed, release the frozen credit back to the customer, close the request (failed
 * when no part was paid) and tell the operator through the audit log. The event's snapshot is not trusted; the
 * refund is read back from Stripe. A failure after the ledger already paid the refund out is only flagged for the
 * operator (the credit is not restored automatically).
 */
import "server-only";
import type pg from "pg";
import { releaseFreezeWithin } from "../../billing/card-movements";
import { sql } from "../../db";
import { logger } from "../../log";
import { auditWithin, STRIPE_ACTOR } from "../audit";
import { processEventOnce } from "../process-event";
import { finishRefundRequestWithin } from "../refunds/finish-refund-request";
import type { Stripe } from "../stripe";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Allocation = { id: string; refund_request_id: string; amount: bigint; applied: boolean; status: string };

function isFailed(refund: Stripe.Refund): boolean {
  return refund.status === "failed" || refund.status === "canceled";
}

async function failAllocationWithin(client: pg.PoolClient, refund: Stripe.Refund, eventId: string, changedWallets: Set<string>): Promise<void> {
  const allocationId = refund.metadata?.allocation_id;
  if (!allocationId || !UUID.test(allocationId)) return;
  const reason = (refund.failure_reason ?? refund.status ?? "failed").slice(0, 200);
  const { rows } = await sql<Allocation>(
    `select id, refund_request_id, amount, applied_at is not null as applied, status from refund_allocations where id = $1 for update`,
    [allocationId],
    client,
  );
  const allocation = rows[0];
  if (!allocation || allocation.status === "failed") return;
  const details = { refundId: refund.id, amount: allocation.amount, reason, event: eventId };
  if (allocation.applied) {
    // The ledger already paid this refund out; restoring the credit is an operator's decision.
    await auditWithin(client, { actor: STRIPE_ACTOR, action: "refund.failed_after_payout", targetType: "refund_request", targetId: allocation.refund_request_id, details });
    logger().warn({ component: "stripe-webhook", refundRequest: allocation.refund_request_id, event: eventId }, "a paid-out refund failed at Stripe; review it");
    return;
  }
  await sql(`update refund_allocations set status = 'failed', error = $2, stripe_refund_id = coalesce(stripe_refund_id, $3) where id = $1`, [allocation.id, reason, refund.id], client);
  const { accountId } = await releaseFreezeWithin(client, { kind: "refund", reference: allocation.refund_request_id, amount: allocation.amount, outcome: "released" });
  await auditWithin(client, { actor: STRIPE_ACTOR, action: "refund.stripe_failed", targetType: "refund_request", targetId: allocation.refund_request_id, details });
  await finishRefundRequestWithin(client, allocation.refund_request_id);
  if (accountId) changedWallets.add(accountId);
}

export async function handleRefundFailed(event: Stripe.RefundFailedEvent | Stripe.ChargeRefundUpdatedEvent, stripe: Stripe): Promise<void> {
  const refund = await stripe.refunds.retrieve(event.data.object.id);
  if (!isFailed(refund)) return;
  await processEventOnce(event, (client, changedWallets) => failAllocationWithin(client, refund, event.id, changedWallets));
}
