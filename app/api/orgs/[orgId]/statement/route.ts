// GET /api/orgs/:orgId/statement – the organization wallet's statement as CSV (owner, admin, billing)
import { statementCsv } from "@/lib/billing/statement";
import { statementAccountFor } from "@/lib/payments/billing-overview";
import { withOrg } from "@/lib/orgs/with-org";

export const GET = withOrg(
  async ({ session, access }) => {
    const accountId = await statementAccountFor({ userId: session.user.id, owner: { orgId: access.orgId } });
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
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="switchyard-statement-${access.orgSlug}-${new Date().toISOString().slice(0, 10)}.csv"`,
        "cache-control": "no-store",
      },
    });
  },
  { permission: "billing.view" },
);
