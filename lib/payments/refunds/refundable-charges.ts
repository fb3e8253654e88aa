/**
 * What each of a wallet's card charges can still give back, as Stripe would allow it: the charge's amount − what
 * was refunded − our refunds already on their way − what lost disputes took, and nothing at all while a dispute is
 * open (Stripe refuses a refund on a disputed charge with `charge_disputed`). The one rule behind the billing page's
 * "Refundable now", requestRefund's check and approveRefund's per-charge plan.
 *
 * Read under the wallet's row lock: the dispute webhooks write top_up_disputes under the same lock
 * (lib/payments/disputes/record-dispute.ts), so an approval and a dispute opening on the same wallet never both
 * count the same charge's money.
 */
import "server-only";
import type pg from "pg";
import { sql } from "../../db";

export type RefundableCharge = {
  topUpId: string;
  chargeId: string;
  /** what a refund on this charge can take now (0 while it is disputed) */
  remaining: bigint;
  hasOpenDispute: boolean;
};

/** The wallet's paid card charges, newest first (the order refunds are planned in). Lock the wallet first. */
export async function refundableChargesWithin(client: pg.PoolClient, accountId: string): Promise<RefundableCharge[]> {
  const { rows } = await sql<{ id: string; stripe_charge_id: string; remaining: bigint; has_open_dispute: boolean }>(
    `select t.id, t.stripe_charge_id, d.has_open_dispute,
            case when d.has_open_dispute then 0
                 else greatest(t.amount - t.refunded - p.pending - d.lost, 0) end::bigint as remaining
       from top_ups t
       cross join lateral (select coalesce(sum(a.amount), 0)::bigint as pending from refund_allocations a
                            where a.top_up_id = t.id and a.applied_at is null and a.status in ('planned', 'pending')) p
       cross join lateral (select coalesce(bool_or(x.status = 'open'), false) as has_open_dispute,
                                  coalesce(sum(x.amount) filter (where x.status = 'lost'), 0)::bigint as lost
                             from top_up_disputes x where x.top_up_id = t.id) d
      where t.account_id = $1 and t.status = 'paid' and t.stripe_charge_id is not null
      order by t.paid_at desc, t.created_at desc`,
    [accountId],
    client,
  );
  return rows.map((r) => ({ topUpId: r.id, chargeId: r.stripe_charge_id, remaining: r.remaining, hasOpenDispute: r.has_open_dispute }));
}
