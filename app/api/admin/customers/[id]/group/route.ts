// POST /api/admin/customers/:id/group – operator: put a customer in a group (or none); its multiplier applies at once
import { operatorActor } from "@/lib/admin/actor";
import { setCustomerGroup } from "@/lib/admin/customers";
import { customerGroupBodySchema } from "@/lib/admin/schemas";
import { withSession } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";

export const POST = withSession<{ id: string }>(
  async ({ req, session, params }) => {
    const { group } = customerGroupBodySchema.parse(await readJson(req));
    await setCustomerGroup({ userId: params.id, group, actor: operatorActor({ req, userId: session.user.id }) });
    return Response.json({ ok: true });
  },
  { operatorOnly: true },
);
