// GET /api/admin/customers/:id – operator: a customer's balance, keys, usage, ledger entries and sessions
import { getCustomer } from "@/lib/admin/customers";
import { withSession } from "@/lib/auth/guards";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = withSession<{ id: string }>(
  async ({ params }) => {
    const customer = await getCustomer({ id: params.id });
    if (!customer) throw new AppError("not_found", "No such customer");
    return Response.json({ customer }, { headers: { "cache-control": "no-store" } });
  },
  { operatorOnly: true },
);
