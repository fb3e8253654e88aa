// GET /api/usage/logs – one page of the customer's request log (filters, sort and keyset cursor in the query)
import { withSession } from "@/lib/auth/guards";
import { listRequestLogs } from "@/lib/usage/list-request-logs";
import { parseLogQuery } from "@/lib/usage/log-query";

export const GET = withSession(async ({ req, session }) => {
  const query = parseLogQuery(new URL(req.url).searchParams);
  return Response.json(await listRequestLogs({ userId: session.user.id, query }));
});
