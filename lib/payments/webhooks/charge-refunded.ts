/**
 * charge.refunded: money went back to the card. The ledger follows Stripe's current state of the charge, not the
 * event's snapshot: the refunded delta (charge.amount_refunded − what we already booked) is debited PAID → refunds,
 * so repeated, concurrent or out-of-order refund events converge on Stripe's total. Refunds we created for a refund
 * request (metadata.allocation_id) release that request's freeze and complete it. A refund that arrives before the
 * payment's own event first settles the top-up from the PaymentIntent (the payment certainly happened).
 */
import "server-only";
import type pg from "pg";
import { refundToCardWithin, releaseFreezeWithin } from "../../billing/card-movements";
import { sql } from "../../db";
import { auditWithin, STRIPE_ACTOR } from "../audit";
import { processEventOnce } from "../process-event";
import { finishRefundRequestWithin } from "../refunds/finish-refund-request";
import { paymentFromCharge, settleTopUpWithin } from "../settle-top-up";
import { centsToMicros, type Stripe } from "../stripe";

/** Mark our allocations that Stripe reports as refunded and release their requests' freezes. */
async function applyAllocationsWithin(client: pg.PoolClient, topUpId: string, refunds: Stripe.Refund[]): Promise<Set<string>> {
  const requests = new Set<string>();
  for (const refund of refunds) {
    const allocationId = refund.metadata?.allocation_id;
    if (!allocationId || refund.status === "failed" || refund.status === "canceled" || !/^[0-9a-f-]{36}$/i.test(allocationId)) continue;
    const { rows } = await sql<{ id: string; refund_request_id: string; amount: bigint }>(
      `update refund_allocations set status = 'succeeded', stripe_refund_id = $3, applied_at = now(), error = null
        where id = $1 and top_up_id = $2 and applied_at is null returning id, refund_request_id, amount`,
      [allocationId, topUpId, refund.id],
      client,
    );
    const allocation = rows[0];
    if (!allocation) continue;
    await releaseFreezeWithin(client, { kind: "refund", reference: allocation.refund_request_id, amount: allocation.amount, outcome: "applied" });
    requests.add(allocation.refund_request_id);
  }
  return requests;
}

export async function handleChargeRefunded(event: Stripe.ChargeRefundedEvent, stripe: Stripe): Promise<void> {
  const chargeId = event.data.object.id;
  // Refunds first, then the charge: the charge's amount_refunded then covers every refund in the list.
  const refunds = await stripe.refunds.list({ charge: chargeId, limit: 100 });
  const charge = await stripe.charges.retrieve(chargeId);
  const payment = await paymentFromCharge(stripe, charge);
  await processEventOnce(event, async (client, changedWallets) => {
    if (!payment) return;
    const settled = await settleTopUpWithin(client, { payment, idempotencyKey: `${event.id}:payment`, changedWallets });
    if (settled.kind !== "credited" && settled.kind !== "already_paid") return;
    const topUp = settled.topUp;
    const requests = await applyAllocationsWithin(client, topUp.id, refunds.data);
    const refundedTotal = centsToMicros(charge.amount_refunded);
    const delta = refundedTotal - topUp.refunded;
    if (delta > 0n) {
      const movement = await refundToCardWithin(client, { accountId: topUp.account_id, amount: delta, idempotencyKey: event.id, topUpId: topUp.id, chargeId });
      await sql(`update top_ups set refunded = $2 where id = $1`, [topUp.id, refundedTotal.toString()], client);
      await auditWithin(client, {
        actor: STRIPE_ACTOR,
        action: "topup.refunded",
        targetType: "top_up",
        targetId: topUp.id,
        details: { amount: delta, total: refundedTotal, chargeId, shortfall: movement.shortfall, event: event.id },
      });
      changedWallets.add(topUp.account_id);
    }
    for (const requestId of requests) await finishRefundRequestWithin(client, requestId);
    if (requests.size > 0) changedWallets.add(topUp.account_id);
  });
}
