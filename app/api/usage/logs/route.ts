// GET /api/usage/logs – one page of the customer's request log (filters, sort and keyset cursor in the query)
import { withSession } from "@/lib/auth/guards";
import { requestDataScope } from "@/lib/orgs/console-scope";
import { listRequestLogs } from "@/lib/usage/list-request-logs";
import { parseLogQuery } from "@/lib/usage/log-query";

export const GET = withSession(async ({ req, session, locale }) => {
  const query = parseLogQuery(new URL(req.url).searchParams);
  const scope = await requestDataScope({ req, userId: session.user.id, area: "usage", locale });
  return Response.json(await listRequestLogs({ scope, query }));
});
