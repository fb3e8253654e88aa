/**
 * Everything the billing page shows, in one call: balance, card top-up options (or why they are off), what is
 * refundable, recent top-ups, refund requests and the newest statement rows.
 */
import "server-only";
import { getWalletBalance, walletId, type WalletBalance, type WalletOwner } from "../billing/accounts";
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

/**
 * `owner`: whose wallet — the customer's own (default) or an organization's (the console's org context; lib/orgs
 * checks the role). An organization's page lists every member's top-ups of its wallet; refunds are personal only.
 */
export async function getBillingOverview({ userId, owner = { userId } }: { userId: string; owner?: WalletOwner }): Promise<BillingOverview> {
  const accountId = await walletId(owner);
  const isPersonal = "userId" in owner;
  const noRefunds: Refundable = { unspentPaid: 0n, cardRefundable: 0n, openRequests: 0n, refundable: 0n, hasDisputedCharge: false };
  const [balance, options, refundable, topUps, refunds, statement] = await Promise.all([
    getWalletBalance(accountId),
    getTopUpOptions(),
    isPersonal ? getRefundableForUser({ userId }) : noRefunds,
    isPersonal ? listTopUps({ userId, accountId, limit: 20 }) : listTopUps({ accountId, limit: 20 }),
    isPersonal ? listRefundRequests({ userId, limit: 20 }) : [],
    getStatement({ accountId, limit: STATEMENT_PAGE_ROWS }),
  ]);
  return { balance, options, refundable, topUps, refunds, statement };
}

/** The wallet a statement CSV reads (the customer's own, or an organization's). */
export async function statementAccountFor({ userId, owner = { userId } }: { userId: string; owner?: WalletOwner }): Promise<string> {
  return walletId(owner);
}
