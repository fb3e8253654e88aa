/**
 * Turning a Stripe payment into wallet credit. Every path that learns a payment succeeded (checkout.session.completed,
 * …async_payment_succeeded, and charge.refunded / charge.dispute.* arriving before them) builds a CardPayment from
 * Stripe's own objects and calls settleTopUpWithin, which credits a top-up at most once: the top-up row is locked
 * and moves pending → paid together with the ledger credit. Amounts and currency come from Stripe's objects, never
 * from metadata (our metadata only names the top-up).
 */
import "server-only";
import type pg from "pg";
import { CARD_CURRENCY } from "../../config/billing";
import { creditTopUpWithin } from "../billing/card-movements";
import { sql } from "../db";
import { auditWithin, STRIPE_ACTOR } from "./audit";
import { centsToMicros, type Stripe } from "./stripe";

/** A successful card payment, as Stripe's objects state it. */
export type CardPayment = {
  topUpId: string | null;
  /** our metadata's wallet, checked against the top-up when present */
  accountId: string | null;
  sessionId: string | null;
  paymentIntentId: string;
  chargeId: string | null;
  receiptUrl: string | null;
  amountCents: number;
  currency: string;
};

export type TopUpRow = {
  id: string;
  account_id: string;
  user_id: string;
  stripe_session_id: string | null;
  stripe_charge_id: string | null;
  amount: bigint;
  refunded: bigint;
  status: string;
};

export type SettleResult =
  | { kind: "credited"; topUp: TopUpRow }
  | { kind: "already_paid"; topUp: TopUpRow }
  | { kind: "rejected"; reason: string; topUp: TopUpRow }
  | { kind: "unknown" };

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

/** A PaymentIntent with its latest charge (for the charge id and the receipt link). */
export async function fetchPaymentIntent(stripe: Stripe, paymentIntentId: string): Promise<{ intent: Stripe.PaymentIntent; charge: Stripe.Charge | null }> {
  const intent = await stripe.paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] });
  const latest = intent.latest_charge;
  const charge = latest && typeof latest !== "string" ? latest : latest ? await stripe.charges.retrieve(latest) : null;
  return { intent, charge };
}

/** The payment behind a paid Checkout Session: amount_total and currency from the session. */
export async function paymentFromSession(stripe: Stripe, session: Stripe.Checkout.Session): Promise<CardPayment | null> {
  const paymentIntentId = idOf(session.payment_intent);
  if (session.payment_status !== "paid" || !paymentIntentId || session.amount_total === null) return null;
  const { charge } = await fetchPaymentIntent(stripe, paymentIntentId);
  return {
    topUpId: session.metadata?.top_up_id ?? session.client_reference_id ?? null,
    accountId: session.metadata?.account_id ?? null,
    sessionId: session.id,
    paymentIntentId,
    chargeId: charge?.id ?? null,
    receiptUrl: charge?.receipt_url ?? null,
    amountCents: session.amount_total,
    currency: session.currency ?? "",
  };
}

/** The payment behind a charge (for events that can arrive before the Checkout event): from its PaymentIntent. */
export async function paymentFromCharge(stripe: Stripe, charge: Stripe.Charge): Promise<CardPayment | null> {
  const paymentIntentId = idOf(charge.payment_intent);
  if (!paymentIntentId) return null;
  const { intent } = await fetchPaymentIntent(stripe, paymentIntentId);
  if (intent.status !== "succeeded") return null;
  return {
    topUpId: intent.metadata?.top_up_id ?? null,
    accountId: intent.metadata?.account_id ?? null,
    sessionId: null,
    paymentIntentId,
    chargeId: charge.id,
    receiptUrl: charge.receipt_url ?? null,
    amountCents: intent.amount_received,
    currency: intent.currency,
  };
}

/**
 * Lock a top-up for an event's work. `for no key update`, not `for update`: rows that merely point at the top-up
 * (a refund approval planning refund_allocations, which holds the wallet's lock) must not wait on it, or the
 * approval (wallet, then top-up) and this event (top-up, then wallet) would deadlock.
 */
export async function lockTopUpWithin(client: pg.PoolClient, topUpId: string): Promise<TopUpRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(topUpId)) return null;
  const { rows } = await sql<TopUpRow>(
    `select id, account_id, user_id, stripe_session_id, stripe_charge_id, amount, refunded, status from top_ups where id = $1 for no key update`,
    [topUpId],
    client,
  );
  return rows[0] ?? null;
}

/** Credit the top-up a payment names, once. `idempotencyKey` is the Stripe event id that carries the payment. */
export async function settleTopUpWithin(
  client: pg.PoolClient,
  { payment, idempotencyKey, changedWallets }: { payment: CardPayment; idempotencyKey: string; changedWallets: Set<string> },
): Promise<SettleResult> {
  const topUp = payment.topUpId ? await lockTopUpWithin(client, payment.topUpId) : null;
  if (!topUp) return { kind: "unknown" };
  if (topUp.status === "paid") return { kind: "already_paid", topUp };
  const reject = async (reason: string): Promise<SettleResult> => {
    await sql(`update top_ups set status = 'failed' where id = $1`, [topUp.id], client);
    await auditWithin(client, { actor: STRIPE_ACTOR, action: "topup.rejected", targetType: "top_up", targetId: topUp.id, details: { reason, paymentIntent: payment.paymentIntentId } });
    return { kind: "rejected", reason, topUp: { ...topUp, status: "failed" } };
  };
  if (payment.sessionId && topUp.stripe_session_id && payment.sessionId !== topUp.stripe_session_id) return reject("session does not belong to this top-up");
  if (payment.accountId && payment.accountId !== topUp.account_id) return reject("metadata names another wallet");
  if (payment.currency.toLowerCase() !== CARD_CURRENCY) return reject(`paid in ${payment.currency}, the ledger is in ${CARD_CURRENCY}`);
  const amount = centsToMicros(payment.amountCents);
  if (amount <= 0n) return reject("nothing was paid");
  await creditTopUpWithin(client, { accountId: topUp.account_id, amount, idempotencyKey, topUpId: topUp.id });
  await sql(
    `update top_ups set status = 'paid', paid_at = now(), amount = $2, stripe_session_id = coalesce(stripe_session_id, $3),
            stripe_payment_intent = $4, stripe_charge_id = $5, receipt_url = $6
      where id = $1`,
    [topUp.id, amount.toString(), payment.sessionId, payment.paymentIntentId, payment.chargeId, payment.receiptUrl],
    client,
  );
  await auditWithin(client, {
    actor: STRIPE_ACTOR,
    action: "topup.paid",
    targetType: "top_up",
    targetId: topUp.id,
    details: { amount, requested: topUp.amount, paymentIntent: payment.paymentIntentId, event: idempotencyKey },
  });
  changedWallets.add(topUp.account_id);
  return { kind: "credited", topUp: { ...topUp, amount, status: "paid", stripe_charge_id: payment.chargeId } };
}
