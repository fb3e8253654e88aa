/**
 * What approving each waiting refund request would meet now, for the operator's queue: the same figures approval
 * checks under the wallet's lock (unspent card credit, what the card charges can still take back, an open dispute),
 * so a request that approval would refuse is marked before the operator clicks.
 */
import "server-only";
import { inTransaction } from "../../billing/ledger";
import { refundableWithin } from "./get-refundable";

export type RefundReview = {
  /** the most a refund for this request could take back now: min(unspent card credit, card charges' remainder) */
  refundableNow: bigint;
  /** approving would be refused: the request asks for more than that */
  isShort: boolean;
  /** a card charge of this customer is under an open dispute (nothing is refunded on it until it closes) */
  hasDisputedCharge: boolean;
};

export async function reviewRefundRequests(requests: { id: string; accountId: string; amount: bigint }[]): Promise<Map<string, RefundReview>> {
  const reviews = new Map<string, RefundReview>();
  // one short transaction per request, one after another: each locks only its own wallet, briefly
  for (const request of requests) {
    // not counting other waiting requests: approval decides one request at a time
    const { refundable, hasDisputedCharge } = await inTransaction((client) =>
      refundableWithin(client, { accountId: request.accountId, excludeRequestId: request.id, isCountingOpenRequests: false }),
    );
    reviews.set(request.id, { refundableNow: refundable, isShort: request.amount > refundable, hasDisputedCharge });
  }
  return reviews;
}
