// GET /api/admin/models – operator: the whole catalog (hidden models too) with prices in force
// POST /api/admin/models – operator: add or change a catalog entry (id, vendor, context, modalities, visibility)
import { operatorActor } from "@/lib/admin/actor";
import { listCatalog, saveModel } from "@/lib/admin/catalog";
import { modelBodySchema } from "@/lib/admin/schemas";
import { withSession } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const GET = withSession(async () => Response.json({ models: await listCatalog() }, { headers: { "cache-control": "no-store" } }), { operatorOnly: true });

export const POST = withSession(
  async ({ req, session }) => {
    const { isNew, ...model } = modelBodySchema.parse(await readJson(req));
    await saveModel({ model: { ...model, displayName: model.displayName ?? null }, isNew, actor: operatorActor({ req, userId: session.user.id }) });
    return Response.json({ ok: true });
  },
  { operatorOnly: true },
);
