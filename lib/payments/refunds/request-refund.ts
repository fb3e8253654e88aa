/**
 * A customer asks for unspent paid credit back on their card. The request waits for an operator (approve-refund.ts,
 * reject-refund.ts); nothing moves until then. Refused with a clear message above what is refundable.
 */
import "server-only";
import { walletId } from "../../billing/accounts";
import { inTransaction } from "../../billing/ledger";
import { sql } from "../../db";
import { AppError } from "../../errors";
import { formatUsd, readUsdInput } from "../../money";
import { auditWithin } from "../audit";
import { MICROS_PER_CENT } from "../stripe";
import { refundableWithin } from "./get-refundable";

export const REFUND_RULE = "Refunds return unspent credit bought by card; trial credit and credit already spent are not refundable.";

const MAX_BIGINT = 9_223_372_036_854_775_807n; // PostgreSQL bigint

export type RefundRequestRow = { id: string; amount: bigint; status: string; reason: string | null; createdAt: Date };

export async function requestRefund({ userId, amount, reason, ip }: { userId: string; amount: string; reason?: string; ip?: string | null }): Promise<RefundRequestRow> {
  // no bound of its own: an amount above what is refundable is told that amount below, however large it is
  const { micros: parsed, problem } = readUsdInput(amount, { max: MAX_BIGINT });
  if (problem === "malformed" || problem === "negative" || parsed === 0n) throw new AppError("validation_failed", "Enter an amount in dollars, e.g. 10 or 12.50", { param: "amount" });
  const micros = parsed ?? MAX_BIGINT;
  if (problem === "tooPrecise" || (parsed !== undefined && parsed % MICROS_PER_CENT !== 0n)) throw new AppError("validation_failed", "Refunds are whole cents", { param: "amount" });
  const accountId = await walletId({ userId });
  return inTransaction(async (client) => {
    const { refundable } = await refundableWithin(client, { accountId, isCountingOpenRequests: true });
    if (micros > refundable) {
      const message = refundable === 0n ? `Nothing is refundable right now. ${REFUND_RULE}` : `You can ask for at most ${formatUsd(refundable)}. ${REFUND_RULE}`;
      throw new AppError("validation_failed", message, { param: "amount" });
    }
    const { rows } = await sql<{ id: string; created_at: Date }>(
      `insert into refund_requests (account_id, user_id, amount, reason) values ($1, $2, $3, $4) returning id, created_at`,
      [accountId, userId, micros.toString(), reason?.trim() || null],
      client,
    );
    const row = rows[0];
    await auditWithin(client, { actor: { kind: "user", id: userId, ip }, action: "refund.requested", targetType: "refund_request", targetId: row.id, details: { amount: micros } });
    return { id: row.id, amount: micros, status: "requested", reason: reason?.trim() || null, createdAt: row.created_at };
  });
}
