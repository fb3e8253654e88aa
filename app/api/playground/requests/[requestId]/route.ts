// GET /api/playground/requests/:requestId – the logged cost, tokens and latency of one of the customer's requests
import { withSession } from "@/lib/auth/guards";
import { AppError } from "@/lib/errors";
import { getRequestLog } from "@/lib/usage/get-request-log";

export const GET = withSession<{ requestId: string }>(async ({ session, params }) => {
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(params.requestId)) throw new AppError("not_found", "No such request");
  const entry = await getRequestLog({ userId: session.user.id, requestId: params.requestId });
  if (!entry) throw new AppError("not_found", "No such request");
  return Response.json({ request: entry });
});
