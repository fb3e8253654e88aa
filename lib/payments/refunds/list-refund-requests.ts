/** Refund requests for the operator's queue and the customer's billing page. */
import "server-only";
import { sql } from "../../db";

export type RefundRequestStatus = "requested" | "approved" | "rejected" | "completed" | "failed";

export type RefundAllocationDetail = { id: string; topUpId: string; amount: bigint; status: string; stripeRefundId: string | null; error: string | null; isApplied: boolean };

export type RefundRequestDetail = {
  id: string;
  accountId: string;
  userId: string;
  userEmail: string;
  amount: bigint;
  reason: string | null;
  status: RefundRequestStatus;
  stripeRefundIds: string[];
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  createdAt: Date;
  allocations: RefundAllocationDetail[];
};

type Row = {
  id: string;
  account_id: string;
  user_id: string;
  email: string;
  amount: bigint;
  reason: string | null;
  status: RefundRequestStatus;
  stripe_refund_ids: string[] | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  created_at: Date;
};

async function withAllocations(rows: Row[]): Promise<RefundRequestDetail[]> {
  const ids = rows.map((r) => r.id);
  const allocations = ids.length
    ? await sql<{ id: string; refund_request_id: string; top_up_id: string; amount: bigint; status: string; stripe_refund_id: string | null; error: string | null; applied: boolean }>(
        `select a.id, a.refund_request_id, a.top_up_id, a.amount, a.status, a.stripe_refund_id, a.error, a.applied_at is not null as applied
           from refund_allocations a join top_ups t on t.id = a.top_up_id
          where a.refund_request_id = any($1::uuid[])
          order by a.created_at, t.paid_at desc, t.created_at desc, a.id`,
        [ids],
      )
    : { rows: [] };
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    userId: r.user_id,
    userEmail: r.email,
    amount: r.amount,
    reason: r.reason,
    status: r.status,
    stripeRefundIds: r.stripe_refund_ids ?? [],
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    createdAt: r.created_at,
    allocations: allocations.rows
      .filter((a) => a.refund_request_id === r.id)
      .map((a) => ({ id: a.id, topUpId: a.top_up_id, amount: a.amount, status: a.status, stripeRefundId: a.stripe_refund_id, error: a.error, isApplied: a.applied })),
  }));
}

const SELECT = `select r.id, r.account_id, r.user_id, u.email, r.amount, r.reason, r.status, r.stripe_refund_ids, r.decided_by, r.decided_at,
                       r.decision_note, r.created_at
                  from refund_requests r join users u on u.id = r.user_id`;

export async function getRefundRequest(requestId: string): Promise<RefundRequestDetail | null> {
  if (!/^[0-9a-f-]{36}$/i.test(requestId)) return null;
  const { rows } = await sql<Row>(`${SELECT} where r.id = $1`, [requestId]);
  return (await withAllocations(rows))[0] ?? null;
}

/**
 * Refund requests, newest first, filtered by status and/or user, keyset-paginated: pass the last row's
 * `createdAt` and `id` as `before` for the next page.
 */
export async function listRefundRequests({
  status,
  userId,
  limit = 50,
  before,
}: { status?: RefundRequestStatus; userId?: string; limit?: number; before?: { createdAt: Date; id: string } } = {}): Promise<RefundRequestDetail[]> {
  const { rows } = await sql<Row>(
    `${SELECT}
      where ($1::text is null or r.status = $1) and ($2::uuid is null or r.user_id = $2::uuid)
        and ($3::timestamptz is null or (r.created_at, r.id) < ($3::timestamptz, $4::uuid))
      order by r.created_at desc, r.id desc limit $5`,
    [status ?? null, userId ?? null, before?.createdAt ?? null, before?.id ?? null, Math.min(Math.max(limit, 1), 200)],
  );
  return withAllocations(rows);
}
