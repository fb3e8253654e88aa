/** checkout.session.async_payment_failed: a delayed payment failed; the top-up is marked failed, no money moves. */
import "server-only";
import { sql } from "../../db";
import { auditWithin, STRIPE_ACTOR } from "../audit";
import { processEventOnce } from "../process-event";
import { lockTopUpWithin } from "../settle-top-up";
import type { Stripe } from "../stripe";

export async function markTopUpEnded(event: Stripe.Event, session: Stripe.Checkout.Session, status: "failed" | "expired"): Promise<void> {
  const topUpId = session.metadata?.top_up_id ?? session.client_reference_id;
  await processEventOnce(event, async (client) => {
    const topUp = topUpId ? await lockTopUpWithin(client, topUpId) : null;
    if (!topUp || topUp.status !== "pending") return;
    if (topUp.stripe_session_id && topUp.stripe_session_id !== session.id) return;
    await sql(`update top_ups set status = $2 where id = $1`, [topUp.id, status], client);
    await auditWithin(client, { actor: STRIPE_ACTOR, action: `topup.${status}`, targetType: "top_up", targetId: topUp.id, details: { sessionId: session.id } });
  });
}

export async function handleCheckoutSessionAsyncPaymentFailed(event: Stripe.CheckoutSessionAsyncPaymentFailedEvent): Promise<void> {
  await markTopUpEnded(event, event.data.object, "failed");
}
