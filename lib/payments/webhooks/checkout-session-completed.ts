/**
 * checkout.session.completed: the customer finished Checkout. Card payments are paid now and credit the wallet;
 * delayed methods (bank debits) arrive "unpaid" and wait for checkout.session.async_payment_succeeded.
 */
import "server-only";
import { processEventOnce } from "../process-event";
import { paymentFromSession, settleTopUpWithin } from "../settle-top-up";
import type { Stripe } from "../stripe";

type SessionEvent = Stripe.CheckoutSessionCompletedEvent | Stripe.CheckoutSessionAsyncPaymentSucceededEvent;

export async function creditPaidSession(event: SessionEvent, stripe: Stripe): Promise<void> {
  const payment = await paymentFromSession(stripe, event.data.object);
  await processEventOnce(event, async (client, changedWallets) => {
    if (!payment) return;
    await settleTopUpWithin(client, { payment, idempotencyKey: event.id, changedWallets });
  });
}

export async function handleCheckoutSessionCompleted(event: Stripe.CheckoutSessionCompletedEvent, stripe: Stripe): Promise<void> {
  await creditPaidSession(event, stripe);
}
