// GET /api/billing/admin/top-ups – operator: card top-ups of every customer (?status=paid&userId=&limit=)
import { withSession } from "@/lib/auth/guards";
import { topUpJson } from "@/lib/payments/dto";
import { listTopUps } from "@/lib/payments/list-top-ups";
import { topUpListQuerySchema } from "@/lib/payments/schemas";

export const GET = withSession(
  async ({ req }) => {
    const query = topUpListQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
    const topUps = await listTopUps(query);
    return Response.json({ topUps: topUps.map(topUpJson) }, { headers: { "cache-control": "no-store" } });
  },
  { operatorOnly: true },
);
