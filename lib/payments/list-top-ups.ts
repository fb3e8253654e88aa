/** Card top-ups: one for the return page's poll, lists for the billing page and the operator console. */
import "server-only";
import { getWalletBalance, type WalletBalance } from "../billing/accounts";
import { sql } from "../db";

export type TopUpStatus = "pending" | "paid" | "failed" | "expired";

export type TopUpSummary = {
  id: string;
  accountId: string;
  userId: string;
  userEmail: string;
  amount: bigint;
  refunded: bigint;
  currency: string;
  status: TopUpStatus;
  receiptUrl: string | null;
  stripeSessionId: string | null;
  stripePaymentIntent: string | null;
  stripeChargeId: string | null;
  createdAt: Date;
  paidAt: Date | null;
};

type Row = {
  id: string;
  account_id: string;
  user_id: string;
  email: string;
  amount: bigint;
  refunded: bigint;
  currency: string;
  status: TopUpStatus;
  receipt_url: string | null;
  stripe_session_id: string | null;
  stripe_payment_intent: string | null;
  stripe_charge_id: string | null;
  created_at: Date;
  paid_at: Date | null;
};

function toSummary(r: Row): TopUpSummary {
  return {
    id: r.id,
    accountId: r.account_id,
    userId: r.user_id,
    userEmail: r.email,
    amount: r.amount,
    refunded: r.refunded,
    currency: r.currency,
    status: r.status,
    receiptUrl: r.receipt_url,
    stripeSessionId: r.stripe_session_id,
    stripePaymentIntent: r.stripe_payment_intent,
    stripeChargeId: r.stripe_charge_id,
    createdAt: r.created_at,
    paidAt: r.paid_at,
  };
}

const SELECT = `select t.id, t.account_id, t.user_id, u.email, t.amount, t.refunded, t.currency, t.status, t.receipt_url, t.stripe_session_id,
                       t.stripe_payment_intent, t.stripe_charge_id, t.created_at, t.paid_at
                  from top_ups t join users u on u.id = t.user_id`;

/**
 * Top-ups newest first; filter by user and/or status; keyset pagination with the last row's createdAt and id.
 * The operator console calls it without `userId` to see every payment.
 */
export async function listTopUps({
  userId,
  accountId,
  status,
  limit = 50,
  before,
}: { userId?: string; accountId?: string; status?: TopUpStatus; limit?: number; before?: { createdAt: Date; id: string } } = {}): Promise<TopUpSummary[]> {
  const { rows } = await sql<Row>(
    `${SELECT}
      where ($1::uuid is null or t.user_id = $1::uuid) and ($2::text is null or t.status = $2)
        and ($3::timestamptz is null or (t.created_at, t.id) < ($3::timestamptz, $4::uuid))
        and ($6::uuid is null or t.account_id = $6::uuid)
      order by t.created_at desc, t.id desc limit $5`,
    [userId ?? null, status ?? null, before?.createdAt ?? null, before?.id ?? null, Math.min(Math.max(limit, 1), 200), accountId ?? null],
  );
  return rows.map(toSummary);
}

/** One of a customer's top-ups with their wallet's balance now (what the return page polls). */
export async function getTopUpForUser({ userId, topUpId }: { userId: string; topUpId: string }): Promise<{ topUp: TopUpSummary; balance: WalletBalance } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(topUpId)) return null;
  const { rows } = await sql<Row>(`${SELECT} where t.id = $1 and t.user_id = $2`, [topUpId, userId]);
  if (!rows[0]) return null;
  // The wallet the top-up credits (the payer's own, or the organization's they topped up).
  const balance = await getWalletBalance(rows[0].account_id);
  return { topUp: toSummary(rows[0]), balance };
}
