/**
 * charge.dispute.closed: a lost dispute releases its freeze and debits the disputed amount PAID → disputes;
 * a won (or warning-closed) dispute only releases the freeze.
 */
import "server-only";
import { disputeLostWithin, releaseFreezeWithin } from "../../billing/card-movements";
import { auditWithin, STRIPE_ACTOR } from "../audit";
import { processEventOnce } from "../process-event";
import { settleTopUpWithin } from "../settle-top-up";
import { centsToMicros, type Stripe } from "../stripe";
import { paymentForDispute } from "./charge-dispute-created";

export async function handleChargeDisputeClosed(event: Stripe.ChargeDisputeClosedEvent, stripe: Stripe): Promise<void> {
  const dispute = event.data.object;
  const { chargeId, payment } = await paymentForDispute(stripe, dispute);
  await processEventOnce(event, async (client, changedWallets) => {
    if (!payment) return;
    const settled = await settleTopUpWithin(client, { payment, idempotencyKey: `${event.id}:payment`, changedWallets });
    if (settled.kind !== "credited" && settled.kind !== "already_paid") return;
    const isLost = dispute.status === "lost";
    const { released } = await releaseFreezeWithin(client, { kind: "dispute", reference: dispute.id, outcome: isLost ? "applied" : "released" });
    const disputed = centsToMicros(dispute.amount);
    let shortfall = 0n;
    if (isLost) {
      const movement = await disputeLostWithin(client, { accountId: settled.topUp.account_id, amount: disputed, idempotencyKey: event.id, disputeId: dispute.id, chargeId });
      shortfall = movement.shortfall;
    }
    await auditWithin(client, {
      actor: STRIPE_ACTOR,
      action: isLost ? "dispute.lost" : "dispute.closed",
      targetType: "top_up",
      targetId: settled.topUp.id,
      details: { disputeId: dispute.id, chargeId, status: dispute.status, disputed, released, shortfall },
    });
    changedWallets.add(settled.topUp.account_id);
  });
}
