// GET /api/admin/customers – operator: customers matching ?q= (e-mail, name or organization), newest first; ?before= pages
import { searchCustomers } from "@/lib/admin/customers";
import { customerSearchSchema } from "@/lib/admin/schemas";
import { withSession } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

export const GET = withSession(
  async ({ req }) => {
    const { q, before } = customerSearchSchema.parse(Object.fromEntries(new URL(req.url).searchParams));
    const customers = await searchCustomers({ query: q, before });
    return Response.json({ customers }, { headers: { "cache-control": "no-store" } });
  },
  { operatorOnly: true },
);
