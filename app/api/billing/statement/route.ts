// GET /api/billing/statement – the customer's statement as CSV (streamed; USD with 6 decimals; ISO-8601 UTC)
import { withSession } from "@/lib/auth/guards";
import { requestWalletOwner } from "@/lib/orgs/console-scope";
import { statementCsv } from "@/lib/billing/statement";
import { statementAccountFor } from "@/lib/payments/billing-overview";

export const GET = withSession(async ({ req, session, locale }) => {
  const owner = await requestWalletOwner({ req, userId: session.user.id, permission: "billing.view", locale });
  const accountId = await statementAccountFor({ userId: session.user.id, owner });
  const lines = statementCsv({ accountId });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="switchyard-statement-${date}.csv"`,
      "cache-control": "no-store",
    },
  });
});
