// GET /api/admin/groups – operator: customer groups with their multipliers and members
// POST /api/admin/groups – operator: create a group or change its multiplier (applies to the next request)
import { operatorActor } from "@/lib/admin/actor";
import { listCustomerGroups } from "@/lib/admin/catalog";
import { groupBodySchema } from "@/lib/admin/schemas";
import { withSession } from "@/lib/auth/guards";
import { setGroupMultiplier } from "@/lib/billing/pricing";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const GET = withSession(async () => Response.json({ groups: await listCustomerGroups() }, { headers: { "cache-control": "no-store" } }), { operatorOnly: true });

export const POST = withSession(
  async ({ req, session }) => {
    const { name, multiplierPpm } = groupBodySchema.parse(await readJson(req));
    const group = await setGroupMultiplier({ name, multiplierPpm, actor: operatorActor({ req, userId: session.user.id }) });
    return Response.json({ group });
  },
  { operatorOnly: true },
);
