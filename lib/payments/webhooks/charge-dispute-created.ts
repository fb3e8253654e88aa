/**
 * charge.dispute.created: the cardholder disputed a top-up. The disputed amount is frozen on the wallet (at most
 * what is still available) until the dispute closes (charge-dispute-closed.ts).
 */
import "server-only";
import { freezeWithin } from "../../billing/card-movements";
import { auditWithin, STRIPE_ACTOR } from "../audit";
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
    const disputed = centsToMicros(dispute.amount);
    const frozen = await freezeWithin(client, { accountId: settled.topUp.account_id, kind: "dispute", reference: dispute.id, amount: disputed, isCapped: true });
    await auditWithin(client, {
      actor: STRIPE_ACTOR,
      action: "dispute.created",
      targetType: "top_up",
      targetId: settled.topUp.id,
      details: { disputeId: dispute.id, chargeId, disputed, frozen, reason: dispute.reason },
    });
    changedWallets.add(settled.topUp.account_id);
  });
}
