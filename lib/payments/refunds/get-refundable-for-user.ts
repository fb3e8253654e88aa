/** What a customer may still ask to have refunded (the billing page's refund form). */
import "server-only";
import { walletId } from "../../billing/accounts";
import { inTransaction } from "../../billing/ledger";
import { refundableWithin, type Refundable } from "./get-refundable";

export async function getRefundableForUser({ userId }: { userId: string }): Promise<Refundable> {
  const accountId = await walletId({ userId });
  return inTransaction((client) => refundableWithin(client, { accountId, isCountingOpenRequests: true }));
}
