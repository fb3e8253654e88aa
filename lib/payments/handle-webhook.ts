/**
 * The Stripe webhook: verify the signature on the raw body (tolerance 300 s), then hand the event to its own file
 * in ./webhooks. A bad signature or a stale timestamp is a 400 before anything touches the database; an event we
 * do not handle is a 200; a failure while applying one is a 500, so Stripe retries it (nothing was marked seen).
 */
import "server-only";
import Stripe from "stripe";
import { logger } from "../log";
import { mailPaymentNoticesSoon } from "./payment-notices";
import { isEventProcessed } from "./process-event";
import { stripeClient, webhookSecret } from "./stripe";
import { handleChargeDisputeClosed } from "./webhooks/charge-dispute-closed";
import { handleChargeDisputeCreated } from "./webhooks/charge-dispute-created";
import { handleChargeRefunded } from "./webhooks/charge-refunded";
import { handleCheckoutSessionAsyncPaymentFailed } from "./webhooks/checkout-session-async-payment-failed";
import { handleCheckoutSessionAsyncPaymentSucceeded } from "./webhooks/checkout-session-async-payment-succeeded";
import { handleCheckoutSessionCompleted } from "./webhooks/checkout-session-completed";
import { handleCheckoutSessionExpired } from "./webhooks/checkout-session-expired";
import { handleRefundFailed } from "./webhooks/refund-failed";

export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Stripe events are a few kilobytes; anything far larger is not one. */
const MAX_EVENT_BYTES = 1_000_000;

type Handlers = { [Type in Stripe.Event["type"]]?: (event: Extract<Stripe.Event, { type: Type }>, stripe: Stripe) => Promise<void> };

/** One file per event type. */
const HANDLERS: Handlers = {
  "checkout.session.completed": handleCheckoutSessionCompleted,
  "checkout.session.async_payment_succeeded": handleCheckoutSessionAsyncPaymentSucceeded,
  "checkout.session.async_payment_failed": handleCheckoutSessionAsyncPaymentFailed,
  "checkout.session.expired": handleCheckoutSessionExpired,
  "charge.refunded": handleChargeRefunded,
  "refund.failed": handleRefundFailed,
  "charge.refund.updated": handleRefundFailed,
  "charge.dispute.created": handleChargeDisputeCreated,
  "charge.dispute.closed": handleChargeDisputeClosed,
};

export const HANDLED_EVENT_TYPES = Object.keys(HANDLERS);

export type WebhookResponse = { status: number; body: Record<string, unknown> };

export async function handleStripeWebhook({ rawBody, signature }: { rawBody: string; signature: string | null }): Promise<WebhookResponse> {
  const secret = webhookSecret();
  const stripe = stripeClient();
  if (!secret || !stripe) return { status: 503, body: { error: "Card payments are not configured" } };
  if (!signature) return { status: 400, body: { error: "Missing Stripe-Signature header" } };
  if (rawBody.length > MAX_EVENT_BYTES) return { status: 413, body: { error: "Event too large" } };
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, secret, WEBHOOK_TOLERANCE_SECONDS);
  } catch {
    return { status: 400, body: { error: "Invalid signature or timestamp" } };
  }
  const handler = HANDLERS[event.type] as ((event: Stripe.Event, stripe: Stripe) => Promise<void>) | undefined;
  if (!handler) return { status: 200, body: { received: true, ignored: event.type } };
  if (await isEventProcessed(event.id)) return { status: 200, body: { received: true, duplicate: true } };
  try {
    await handler(event, stripe);
    // the event may have credited a top-up (several kinds can: a late charge event backs up a missed checkout event)
    // or finished a refund
    mailPaymentNoticesSoon();
    return { status: 200, body: { received: true } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger().error({ component: "stripe-webhook", event: event.id, type: event.type, error: message }, "webhook event failed; Stripe will retry");
    return { status: 500, body: { error: "Event not processed; retry later" } };
  }
}
