/**
 * charge.dispute.closed: a lost dispute releases its freeze and debits the disputed amount PAID → disputes;
 * a won (or warning-closed) dispute only releases the freeze. The dispute's top-up row records the outcome (a lost
 * dispute's amount can no longer be refunded on that charge). A dispute already closed moves nothing again, even
 * from an event with another id.
 */
import "server-only";
import { disputeLostWithin, releaseFreezeWithin } from "../../billing/card-movements";
import { auditWithin, STRIPE_ACTOR } from "../audit";
import { recordDisputeClosedWithin } from "../disputes/record-dispute";
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
    const { account_id: accountId, id: topUpId } = settled.topUp;
    const isLost = dispute.status === "lost";
    const disputed = centsToMicros(dispute.amount);
    const recorded = await recordDisputeClosedWithin(client, { disputeId: dispute.id, topUpId, accountId, amount: disputed, status: isLost ? "lost" : "won" });
    if (!recorded.isNew) return;
    const { released } = await releaseFreezeWithin(client, { kind: "dispute", reference: dispute.id, outcome: isLost ? "applied" : "released" });
    let shortfall = 0n;
    if (isLost && disputed > 0n) {
      const movement = await disputeLostWithin(client, { accountId, amount: disputed, idempotencyKey: event.id, disputeId: dispute.id, chargeId });
      shortfall = movement.shortfall;
    }
    await auditWithin(client, {
      actor: STRIPE_ACTOR,
      action: isLost ? "dispute.lost" : "dispute.closed",
      targetType: "top_up",
      targetId: topUpId,
      details: { disputeId: dispute.id, chargeId, status: dispute.status, disputed, released, shortfall },
    });
    changedWallets.add(accountId);
  });
}
