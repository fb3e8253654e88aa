/**
 * Start a card top-up: record a pending top-up for OUR amount, create a Stripe Checkout Session for it, and
 * return the URL to send the customer to. The browser only chose the amount; the session's price, currency and
 * metadata are built here, and the credit later comes from Stripe's own object (lib/payments/settle-top-up.ts).
 */
import "server-only";
import { CARD_CURRENCY, TOP_UP_PRODUCT_NAME } from "../../config/billing";
import { walletId, type WalletOwner } from "../billing/accounts";
import { prisma } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { logger } from "../log";
import { formatUsd } from "../money";
import { auditWithin } from "./audit";
import { inTransaction } from "../billing/ledger";
import { parseTopUpAmount } from "./top-up-options";
import { microsToCents, requireStripe } from "./stripe";

export type CreatedTopUp = { topUpId: string; checkoutUrl: string };

/** `owner`: the wallet credited — the payer's own (default) or an organization's (lib/orgs checks the payer may top it up). */
export async function createTopUp({
  userId,
  owner = { userId },
  amount,
  origin,
  ip,
}: {
  userId: string;
  owner?: WalletOwner;
  amount: string;
  origin?: string;
  ip?: string | null;
}): Promise<CreatedTopUp> {
  const stripe = requireStripe();
  const micros = await parseTopUpAmount(amount);
  const user = await prisma().user.findUnique({ where: { id: userId }, select: { email: true, disabledAt: true } });
  if (!user || user.disabledAt) throw new AppError("account_disabled", "This account cannot top up");
  const accountId = await walletId(owner);
  const topUp = await prisma().topUp.create({ data: { accountId, userId, amount: micros, currency: CARD_CURRENCY } });
  const base = (env().APP_URL ?? origin ?? `http://localhost:${env().PORT}`).replace(/\/$/, "");
  const metadata = { top_up_id: topUp.id, account_id: accountId, user_id: userId };
  const createSession = () =>
    stripe.checkout.sessions.create(
      {
        mode: "payment",
        client_reference_id: topUp.id,
        customer_email: user.email,
        line_items: [{ quantity: 1, price_data: { currency: CARD_CURRENCY, unit_amount: microsToCents(micros), product_data: { name: TOP_UP_PRODUCT_NAME } } }],
        metadata,
        payment_intent_data: { metadata, description: `${TOP_UP_PRODUCT_NAME} ${formatUsd(micros)}` },
        success_url: `${base}/billing?topup=${topUp.id}`,
        cancel_url: `${base}/billing?topup=${topUp.id}&canceled=1`,
      },
      { idempotencyKey: `topup-${topUp.id}` },
    );
  const session = await createSession().catch(async (error: unknown) => {
    await prisma().topUp.update({ where: { id: topUp.id }, data: { status: "failed" } });
    logger().warn({ component: "payments", topUpId: topUp.id, error: error instanceof Error ? error.message : String(error) }, "Checkout Session not created");
    throw new AppError("upstream_error", "Stripe could not start the payment. Please try again.");
  });
  if (!session.url) throw new AppError("upstream_error", "Stripe did not return a Checkout page");
  await inTransaction(async (client) => {
    await client.query(`update top_ups set stripe_session_id = $2 where id = $1`, [topUp.id, session.id]);
    await auditWithin(client, {
      actor: { kind: "user", id: userId, ip },
      action: "topup.created",
      targetType: "top_up",
      targetId: topUp.id,
      details: { amount: micros, sessionId: session.id },
    });
  });
  return { topUpId: topUp.id, checkoutUrl: session.url };
}
