/**
 * An operator approves a refund request. In one transaction: re-check what is refundable now, freeze the amount
 * (so it cannot be spent while Stripe works) and plan one Stripe refund per top-up charge, newest charge first.
 * Then each planned refund is created at Stripe with the allocation id as idempotency key and metadata. The ledger
 * entry is NOT written here: it follows Stripe's charge.refunded webhook (lib/payments/webhooks/charge-refunded.ts),
 * which releases the freeze and debits the wallet. Calling approveRefund again on an approved request re-submits
 * refunds that never got an answer (same idempotency keys, so Stripe never refunds twice).
 */
import "server-only";
import Stripe from "stripe";
import { freezeWithin, releaseFreezeWithin } from "../../billing/card-movements";
import { inTransaction, notifyBalanceChange } from "../../billing/ledger";
import { sql } from "../../db";
import { AppError } from "../../errors";
import { formatUsd } from "../../money";
import { auditWithin } from "../audit";
import { mailPaymentNoticesSoon } from "../payment-notices";
import { microsToCents, requireStripe } from "../stripe";
import { finishRefundRequestWithin } from "./finish-refund-request";
import { refundableWithChargesWithin } from "./get-refundable";
import { getRefundRequest, type RefundRequestDetail } from "./list-refund-requests";

type Planned = { id: string; amount: bigint; charge_id: string; top_up_id: string };

/** Why a request no longer fits what can be refunded now, for the operator. */
function conflictMessage({ requested, unspentPaid, cardRefundable, hasDisputedCharge }: { requested: bigint; unspentPaid: bigint; cardRefundable: bigint; hasDisputedCharge: boolean }): string {
  if (hasDisputedCharge && cardRefundable < requested) {
    return `A card payment of this customer is under dispute and cannot be refunded until the dispute closes: their card charges can take back ${formatUsd(cardRefundable)} now, less than the ${formatUsd(requested)} requested; reject this request or wait for the dispute to close.`;
  }
  if (unspentPaid < requested) {
    return `The customer has ${formatUsd(unspentPaid)} of unspent card credit now, less than the ${formatUsd(requested)} requested; reject this request instead.`;
  }
  return `The customer's card charges can take back ${formatUsd(cardRefundable)} now, less than the ${formatUsd(requested)} requested; reject this request instead.`;
}

/**
 * Re-check and plan under the wallet's lock: what the card charges can refund counts their disputes (nothing on a
 * charge while its dispute is open, less what lost disputes took), so a dispute recorded before this transaction
 * took the lock is never allocated on; one recorded after it finds our allocation counted (and Stripe refuses the
 * refund on the disputed charge, which releases that part).
 */
async function planWithin(client: import("pg").PoolClient, request: { id: string; account_id: string; amount: bigint }): Promise<void> {
  const { unspentPaid, cardRefundable, refundable, hasDisputedCharge, charges } = await refundableWithChargesWithin(client, { accountId: request.account_id, excludeRequestId: request.id, isCountingOpenRequests: false });
  if (request.amount > refundable) throw new AppError("conflict", conflictMessage({ requested: request.amount, unspentPaid, cardRefundable, hasDisputedCharge }));
  await freezeWithin(client, { accountId: request.account_id, kind: "refund", reference: request.id, amount: request.amount, isCapped: false });
  let left = request.amount;
  // (read before the freeze, which changes no charge's remainder)
  for (const charge of charges) {
    if (left === 0n) break;
    if (charge.remaining <= 0n) continue;
    const part = charge.remaining < left ? charge.remaining : left;
    await sql(`insert into refund_allocations (refund_request_id, top_up_id, amount) values ($1, $2, $3)`, [request.id, charge.topUpId, part.toString()], client);
    left -= part;
  }
  if (left !== 0n) throw new AppError("conflict", "The customer's card charges cannot cover this refund");
}

/** A Stripe answer that will not change on retry (a 4xx other than rate limiting). */
function isDefinitiveFailure(error: unknown): error is Stripe.errors.StripeError {
  return error instanceof Stripe.errors.StripeError && !(error instanceof Stripe.errors.StripeRateLimitError) && (error.statusCode ?? 500) < 500;
}

export async function approveRefund({ requestId, operatorId, note, ip }: { requestId: string; operatorId: string; note?: string; ip?: string | null }): Promise<RefundRequestDetail> {
  const stripe = requireStripe();
  const actor = { kind: "operator" as const, id: operatorId, ip };
  const accountId = await inTransaction(async (client) => {
    const { rows } = await sql<{ id: string; account_id: string; amount: bigint; status: string }>(
      `select id, account_id, amount, status from refund_requests where id = $1 for update`,
      [requestId],
      client,
    );
    const request = rows[0];
    if (!request) throw new AppError("not_found", "No such refund request");
    if (request.status === "requested") {
      await planWithin(client, request);
      await sql(`update refund_requests set status = 'approved', decided_by = $2, decided_at = now(), decision_note = $3 where id = $1`, [requestId, operatorId, note?.trim() || null], client);
      await auditWithin(client, { actor, action: "refund.approved", targetType: "refund_request", targetId: requestId, details: { amount: request.amount, note: note?.trim() || null } });
    } else if (request.status !== "approved") {
      throw new AppError("conflict", `This refund request is already ${request.status}`);
    }
    return request.account_id;
  });
  notifyBalanceChange([accountId]);

  const { rows: planned } = await sql<Planned>(
    `select a.id, a.amount, a.top_up_id, t.stripe_charge_id as charge_id
       from refund_allocations a join top_ups t on t.id = a.top_up_id
      where a.refund_request_id = $1 and a.status = 'planned' order by a.created_at, t.paid_at desc, t.created_at desc, a.id`,
    [requestId],
  );
  for (const allocation of planned) {
    try {
      const refund = await stripe.refunds.create(
        {
          charge: allocation.charge_id,
          amount: microsToCents(allocation.amount),
          reason: "requested_by_customer",
          metadata: { allocation_id: allocation.id, refund_request_id: requestId, top_up_id: allocation.top_up_id },
        },
        { idempotencyKey: `refund-allocation-${allocation.id}` },
      );
      await inTransaction(async (client) => {
        await sql(
          `update refund_allocations set stripe_refund_id = $2, status = case when status = 'planned' then 'pending' else status end where id = $1`,
          [allocation.id, refund.id],
          client,
        );
        await auditWithin(client, { actor, action: "refund.submitted", targetType: "refund_request", targetId: requestId, details: { refundId: refund.id, amount: allocation.amount, chargeId: allocation.charge_id } });
        await finishRefundRequestWithin(client, requestId);
      });
    } catch (error) {
      if (!isDefinitiveFailure(error)) throw new AppError("upstream_error", "Stripe did not answer; approve again to retry (no refund is made twice)");
      await inTransaction(async (client) => {
        const failed = await sql(`update refund_allocations set status = 'failed', error = $2 where id = $1 and status = 'planned' returning id`, [allocation.id, error.message.slice(0, 500)], client);
        if (failed.rowCount === 0) return;
        await releaseFreezeWithin(client, { kind: "refund", reference: requestId, amount: allocation.amount, outcome: "released" });
        await auditWithin(client, { actor, action: "refund.stripe_failed", targetType: "refund_request", targetId: requestId, details: { amount: allocation.amount, chargeId: allocation.charge_id, error: error.message.slice(0, 500) } });
        await finishRefundRequestWithin(client, requestId);
      });
      notifyBalanceChange([accountId]);
    }
  }
  // a card that refused every part has failed the request already (a refund Stripe accepted ends by webhook)
  mailPaymentNoticesSoon();
  const detail = await getRefundRequest(requestId);
  if (!detail) throw new AppError("not_found", "No such refund request");
  return detail;
}
