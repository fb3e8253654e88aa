/**
 * charge.dispute.created: the cardholder disputed a top-up. The dispute is recorded on its top-up (the charge cannot
 * be refunded while it is open) and the disputed amount is frozen on the wallet (at most what is still available)
 * until the dispute closes (charge-dispute-closed.ts). A dispute that closed before this event arrived freezes nothing;
 * an opening already recorded (Stripe resending it under another event id) changes nothing.
 */
import "server-only";
import { freezeWithin } from "../../billing/card-movements";
import { auditWithin, STRIPE_ACTOR } from "../audit";
import { recordDisputeOpenedWithin } from "../disputes/record-dispute";
import { processEventOnce } from "../process-event";
import { paymentFromCharge, settleTopUpWithin } from "../settle-top-up";
import { centsToMicros, type Stripe } from "../stripe";

export async function paymentForDispute(stripe: Stripe, dispute: Stripe.Dispute) {
  const chargeId = typeof dispute.charge === "string" ? dispute.charge : dispute.charge.id;
  const charge = await stripe.charges.retrieve(chargeId);
  return { chargeId, payment: await paymentFromCharge(stripe, charge) };
}

export async function handleChargeDisputeCreated(event: Stripe.ChargeDisputeCreatedEvent, stripe: Stripe): Promise<void> {
  const dispute = event.data.object;
  const { chargeId, payment } = await paymentForDispute(stripe, dispute);
  await processEventOnce(event, async (client, changedWallets) => {
    if (!payment) return;
    const settled = await settleTopUpWithin(client, { payment, idempotencyKey: `${event.id}:payment`, changedWallets });
    if (settled.kind !== "credited" && settled.kind !== "already_paid") return;
    const { account_id: accountId, id: topUpId } = settled.topUp;
    const disputed = centsToMicros(dispute.amount);
    const recorded = await recordDisputeOpenedWithin(client, { disputeId: dispute.id, topUpId, accountId, amount: disputed });
    if (!recorded.isNew && recorded.status === "open") return; // the same opening under another event id
    const isClosed = recorded.status !== "open";
    const frozen = isClosed ? 0n : await freezeWithin(client, { accountId, kind: "dispute", reference: dispute.id, amount: disputed, isCapped: true });
    await auditWithin(client, {
      actor: STRIPE_ACTOR,
      action: "dispute.created",
      targetType: "top_up",
      targetId: topUpId,
      details: { disputeId: dispute.id, chargeId, disputed, frozen, reason: dispute.reason, ...(isClosed ? { alreadyClosed: recorded.status } : {}) },
    });
    changedWallets.add(accountId);
  });
}
