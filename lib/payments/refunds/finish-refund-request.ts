/**
 * Close an approved refund request once Stripe has answered for every part of it: completed when any part was
 * refunded (the request then records the refunded ids), failed when none was.
 */
import "server-only";
import type pg from "pg";
import { sql } from "../../db";
import { auditWithin, STRIPE_ACTOR } from "../audit";

export async function finishRefundRequestWithin(client: pg.PoolClient, requestId: string): Promise<string> {
  const request = await sql<{ status: string }>(`select status from refund_requests where id = $1 for update`, [requestId], client);
  const status = request.rows[0]?.status;
  if (status !== "approved") return status ?? "missing";
  const { rows } = await sql<{ status: string; applied: boolean; stripe_refund_id: string | null; amount: bigint }>(
    `select status, applied_at is not null as applied, stripe_refund_id, amount from refund_allocations where refund_request_id = $1`,
    [requestId],
    client,
  );
  const refundIds = rows.map((r) => r.stripe_refund_id).filter((id): id is string => id !== null);
  const isWaiting = rows.some((r) => (r.status === "planned" || r.status === "pending") && !r.applied);
  if (isWaiting) {
    await sql(`update refund_requests set stripe_refund_ids = $2 where id = $1`, [requestId, refundIds], client);
    return "approved";
  }
  const refunded = rows.filter((r) => r.applied).reduce((sum, r) => sum + r.amount, 0n);
  const final = refunded > 0n ? "completed" : "failed";
  await sql(`update refund_requests set status = $2, stripe_refund_ids = $3 where id = $1`, [requestId, final, refundIds], client);
  await auditWithin(client, { actor: STRIPE_ACTOR, action: `refund.${final}`, targetType: "refund_request", targetId: requestId, details: { refunded, refundIds } });
  return final;
}
