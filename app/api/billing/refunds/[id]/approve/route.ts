// POST /api/billing/refunds/:id/approve – operator: approve a refund request and create its Stripe refunds
import { withSession } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";
import { refundRequestJson } from "@/lib/payments/dto";
import { approveRefund } from "@/lib/payments/refunds/approve-refund";
import { decisionBodySchema } from "@/lib/payments/schemas";

export const POST = withSession<{ id: string }>(
  async ({ req, session, params }) => {
    const { note } = decisionBodySchema.parse(await readJson(req));
    const request = await approveRefund({ requestId: params.id, operatorId: session.user.id, note, ip: clientIpFromHeaders(req.headers) });
    return Response.json({ refund: refundRequestJson(request) });
  },
  { operatorOnly: true },
);
