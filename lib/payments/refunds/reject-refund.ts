/** An operator declines a refund request; no money moves. */
import "server-only";
import { inTransaction } from "../../billing/ledger";
import { sql } from "../../db";
import { AppError } from "../../errors";
import { auditWithin } from "../audit";
import { mailPaymentNoticesSoon } from "../payment-notices";

export async function rejectRefund({ requestId, operatorId, note, ip }: { requestId: string; operatorId: string; note?: string; ip?: string | null }): Promise<void> {
  await inTransaction(async (client) => {
    const { rows } = await sql<{ status: string }>(`select status from refund_requests where id = $1 for update`, [requestId], client);
    if (!rows[0]) throw new AppError("not_found", "No such refund request");
    if (rows[0].status !== "requested") throw new AppError("conflict", `This refund request is already ${rows[0].status}`);
    await sql(`update refund_requests set status = 'rejected', decided_by = $2, decided_at = now(), decision_note = $3 where id = $1`, [requestId, operatorId, note?.trim() || null], client);
    await auditWithin(client, { actor: { kind: "operator", id: operatorId, ip }, action: "refund.rejected", targetType: "refund_request", targetId: requestId, details: { note: note?.trim() || null } });
  });
  mailPaymentNoticesSoon();
}
