/**
 * Everything the billing page shows, in one call: balance, card top-up options (or why they are off), what is
 * refundable, recent top-ups, refund requests and the newest statement rows.
 */
import "server-only";
import { getWalletBalance, walletId, type WalletBalance } from "../billing/accounts";
import { getStatement, type StatementRow } from "../billing/statement";
import { listTopUps, type TopUpSummary } from "./list-top-ups";
import { getRefundableForUser } from "./refunds/get-refundable-for-user";
import { listRefundRequests, type RefundRequestDetail } from "./refunds/list-refund-requests";
import type { Refundable } from "./refunds/get-refundable";
import { getTopUpOptions, type TopUpOptions } from "./top-up-options";

export type BillingOverview = {
  balance: WalletBalance;
  options: TopUpOptions;
  refundable: Refundable;
  topUps: TopUpSummary[];
  refunds: RefundRequestDetail[];
  statement: StatementRow[];
};

export const STATEMENT_PAGE_ROWS = 100;

export async function getBillingOverview({ userId }: { userId: string }): Promise<BillingOverview> {
  const accountId = await walletId({ userId });
  const [balance, options, refundable, topUps, refunds, statement] = await Promise.all([
    getWalletBalance(accountId),
    getTopUpOptions(),
    getRefundableForUser({ userId }),
    listTopUps({ userId, limit: 20 }),
    listRefundRequests({ userId, limit: 20 }),
    getStatement({ accountId, limit: STATEMENT_PAGE_ROWS }),
  ]);
  return { balance, options, refundable, topUps, refunds, statement };
}

/** The wallet a customer's statement CSV reads. */
export async function statementAccountFor({ userId }: { userId: string }): Promise<string> {
  return walletId({ userId });
}
