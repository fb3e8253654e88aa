// POST /api/billing/refunds/:id/reject – operator: decline a refund request (no money moves)
import { withSession } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";
import { refundRequestJson } from "@/lib/payments/dto";
import { getRefundRequest } from "@/lib/payments/refunds/list-refund-requests";
import { rejectRefund } from "@/lib/payments/refunds/reject-refund";
import { decisionBodySchema } from "@/lib/payments/schemas";

export const POST = withSession<{ id: string }>(
  async ({ req, session, params }) => {
    const { note } = decisionBodySchema.parse(await readJson(req));
    await rejectRefund({ requestId: params.id, operatorId: session.user.id, note, ip: clientIpFromHeaders(req.headers) });
    const request = await getRefundRequest(params.id);
    return Response.json({ refund: request ? refundRequestJson(request) : null });
  },
  { operatorOnly: true },
);
