/** checkout.session.async_payment_succeeded: a delayed payment method settled; credit like a card payment. */
import "server-only";
import type { Stripe } from "../stripe";
import { creditPaidSession } from "./checkout-session-completed";

export async function handleCheckoutSessionAsyncPaymentSucceeded(event: Stripe.CheckoutSessionAsyncPaymentSucceededEvent, stripe: Stripe): Promise<void> {
  await creditPaidSession(event, stripe);
}
