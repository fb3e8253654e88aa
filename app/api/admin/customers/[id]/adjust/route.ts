// POST /api/admin/customers/:id/adjust – operator: add or remove credit with a reason (one audited ledger entry)
import { operatorActor } from "@/lib/admin/actor";
import { adjustCustomerBalance } from "@/lib/admin/customers";
import { adjustBodySchema } from "@/lib/admin/schemas";
import { withSession } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";

export const POST = withSession<{ id: string }>(
  async ({ req, session, params }) => {
    const { amount, reason, requestKey } = adjustBodySchema.parse(await readJson(req));
    const result = await adjustCustomerBalance({ userId: params.id, amount, reason, requestKey, actor: operatorActor({ req, userId: session.user.id }) });
    return Response.json(result);
  },
  { operatorOnly: true },
);
