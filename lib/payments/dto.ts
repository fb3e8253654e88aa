/**
 * JSON shapes of payments for the browser and the API: money as exact micro-unit strings plus a display string,
 * dates as ISO-8601 UTC. (JSON has no bigint; a float would lose cents.)
 */
import type { WalletBalance } from "../billing/accounts";
import type { StatementRow } from "../billing/statement";
import { formatUsd } from "../money";
import type { TopUpSummary } from "./list-top-ups";
import type { RefundRequestDetail } from "./refunds/list-refund-requests";

export type MoneyJson = { micros: string; display: string };

export function money(micros: bigint): MoneyJson {
  return { micros: micros.toString(), display: formatUsd(micros) };
}

export function balanceJson(balance: WalletBalance) {
  return { paid: money(balance.paid), trial: money(balance.trial), held: money(balance.held), frozen: money(balance.frozen), available: money(balance.available) };
}

export function topUpJson(topUp: TopUpSummary) {
  return {
    id: topUp.id,
    userId: topUp.userId,
    userEmail: topUp.userEmail,
    amount: money(topUp.amount),
    refunded: money(topUp.refunded),
    status: topUp.status,
    receiptUrl: topUp.receiptUrl,
    stripePaymentIntent: topUp.stripePaymentIntent,
    stripeChargeId: topUp.stripeChargeId,
    createdAt: topUp.createdAt.toISOString(),
    paidAt: topUp.paidAt?.toISOString() ?? null,
  };
}

export function refundRequestJson(request: RefundRequestDetail) {
  return {
    id: request.id,
    userId: request.userId,
    userEmail: request.userEmail,
    amount: money(request.amount),
    reason: request.reason,
    status: request.status,
    stripeRefundIds: request.stripeRefundIds,
    decidedBy: request.decidedBy,
    decidedAt: request.decidedAt?.toISOString() ?? null,
    decisionNote: request.decisionNote,
    createdAt: request.createdAt.toISOString(),
    allocations: request.allocations.map((a) => ({ ...a, amount: money(a.amount) })),
  };
}

export function statementRowJson(row: StatementRow) {
  return {
    at: row.at.toISOString(),
    periodStart: row.periodStart?.toISOString() ?? null,
    kind: row.kind,
    memo: row.memo,
    amount: money(row.amount),
    balance: money(row.balance),
    count: row.count,
    receiptUrl: row.receiptUrl,
    reference: row.reference,
  };
}

export type TopUpJson = ReturnType<typeof topUpJson>;
export type RefundRequestJson = ReturnType<typeof refundRequestJson>;
export type StatementRowJson = ReturnType<typeof statementRowJson>;
export type BalanceJson = ReturnType<typeof balanceJson>;
