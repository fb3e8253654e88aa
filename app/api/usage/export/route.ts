// GET /api/usage/export – the filtered request log as CSV, streamed in constant memory (any size)
import { withSession } from "@/lib/auth/guards";
import { requestDataScope } from "@/lib/orgs/console-scope";
import { csvFileName, requestLogCsvStream } from "@/lib/usage/export-request-logs-csv";
import { parseLogQuery } from "@/lib/usage/log-query";

export const dynamic = "force-dynamic";

export const GET = withSession(async ({ req, session, locale }) => {
  const { filters, sort } = parseLogQuery(new URL(req.url).searchParams);
  const scope = await requestDataScope({ req, userId: session.user.id, area: "usage", locale });
  return new Response(requestLogCsvStream({ scope, filters, sort }), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${csvFileName()}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
