/**
 * Card disputes (chargebacks) for the operator: each Stripe dispute's freeze on a customer's wallet, open or
 * resolved, newest first. The freezes are written by the payments webhooks; this only reads them.
 */
import "server-only";
import { sql } from "../db";

export type DisputeRow = {
  id: string;
  disputeId: string;
  userId: string | null;
  email: string | null;
  /** still frozen, and what was frozen when the dispute opened (micro-units) */
  amount: string;
  originalAmount: string;
  status: "active" | "released" | "applied";
  createdAt: string;
  resolvedAt: string | null;
};

export async function listDisputes({ limit = 50 }: { limit?: number } = {}): Promise<DisputeRow[]> {
  const { rows } = await sql<{
    id: string;
    reference: string;
    user_id: string | null;
    email: string | null;
    amount: bigint;
    original_amount: bigint;
    status: DisputeRow["status"];
    created_at: Date;
    resolved_at: Date | null;
  }>(
    `select f.id, f.reference, a.user_id, u.email, f.amount, f.original_amount, f.status, f.created_at, f.resolved_at
       from wallet_freezes f join ledger_accounts a on a.id = f.account_id left join users u on u.id = a.user_id
      where f.kind = 'dispute' order by (f.status = 'active') desc, f.created_at desc limit $1`,
    [Math.min(Math.max(limit, 1), 200)],
  );
  return rows.map((r) => ({
    id: r.id,
    disputeId: r.reference,
    userId: r.user_id,
    email: r.email,
    amount: r.amount.toString(),
    originalAmount: r.original_amount.toString(),
    status: r.status,
    createdAt: r.created_at.toISOString(),
    resolvedAt: r.resolved_at?.toISOString() ?? null,
  }));
}
