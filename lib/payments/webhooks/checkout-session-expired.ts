/** checkout.session.expired: the customer never paid; the pending top-up is closed as expired. */
import "server-only";
import type { Stripe } from "../stripe";
import { markTopUpEnded } from "./checkout-session-async-payment-failed";

export async function handleCheckoutSessionExpired(event: Stripe.CheckoutSessionExpiredEvent): Promise<void> {
  await markTopUpEnded(event, event.data.object, "expired");
}
