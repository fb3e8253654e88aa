// GET /api/admin/revenue – operator: paid vs upstream cost and margin per day, model, channel, customer (?days=7|30|90)
import { revenueQuerySchema } from "@/lib/admin/schemas";
import { getRevenue } from "@/lib/admin/revenue";
import { withSession } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

export const GET = withSession(
  async ({ req }) => {
    const { days } = revenueQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
    return Response.json({ revenue: await getRevenue({ days }) }, { headers: { "cache-control": "no-store" } });
  },
  { operatorOnly: true },
);
