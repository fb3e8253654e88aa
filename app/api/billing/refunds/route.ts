// GET /api/billing/refunds – the customer's refund requests and what is refundable · POST – ask for a refund
import { withSession } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";
import { money, refundRequestJson } from "@/lib/payments/dto";
import { getRefundableForUser } from "@/lib/payments/refunds/get-refundable-for-user";
import { listRefundRequests } from "@/lib/payments/refunds/list-refund-requests";
import { requestRefund } from "@/lib/payments/refunds/request-refund";
import { refundBodySchema } from "@/lib/payments/schemas";

export const GET = withSession(async ({ session }) => {
  const [requests, refundable] = await Promise.all([listRefundRequests({ userId: session.user.id }), getRefundableForUser({ userId: session.user.id })]);
  return Response.json({ refunds: requests.map(refundRequestJson), refundable: money(refundable.refundable) }, { headers: { "cache-control": "no-store" } });
});

export const POST = withSession(async ({ req, session }) => {
  const { amount, reason } = refundBodySchema.parse(await readJson(req));
  const request = await requestRefund({ userId: session.user.id, amount, reason, ip: clientIpFromHeaders(req.headers) });
  return Response.json({ refund: { id: request.id, status: request.status, amount: money(request.amount) } }, { status: 201 });
});
