// POST /api/admin/customers/:id/status – operator: disable (keys and sessions stop at once) or enable an account
import { operatorActor } from "@/lib/admin/actor";
import { setCustomerDisabled } from "@/lib/admin/customers";
import { customerStatusBodySchema } from "@/lib/admin/schemas";
import { withSession } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";

export const POST = withSession<{ id: string }>(
  async ({ req, session, params }) => {
    const { isDisabled, reason } = customerStatusBodySchema.parse(await readJson(req));
    const result = await setCustomerDisabled({ userId: params.id, isDisabled, reason, actor: operatorActor({ req, userId: session.user.id }) });
    return Response.json(result);
  },
  { operatorOnly: true },
);
