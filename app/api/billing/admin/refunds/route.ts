// GET /api/billing/admin/refunds – operator: refund requests of every customer (?status=requested&userId=&limit=)
import { withSession } from "@/lib/auth/guards";
import { refundRequestJson } from "@/lib/payments/dto";
import { listRefundRequests } from "@/lib/payments/refunds/list-refund-requests";
import { refundListQuerySchema } from "@/lib/payments/schemas";

export const GET = withSession(
  async ({ req }) => {
    const query = refundListQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
    const requests = await listRefundRequests(query);
    return Response.json({ refunds: requests.map(refundRequestJson) }, { headers: { "cache-control": "no-store" } });
  },
  { operatorOnly: true },
);
