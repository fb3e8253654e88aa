// GET /api/admin/models/:id/prices – operator: every price version of a model, newest first
// POST /api/admin/models/:id/prices – operator: a new price version (now, or scheduled); requests started after it pay it
import { operatorActor } from "@/lib/admin/actor";
import { listPriceHistory, priceJson } from "@/lib/admin/catalog";
import { priceBodySchema } from "@/lib/admin/schemas";
import { withSession } from "@/lib/auth/guards";
import { setPrice } from "@/lib/billing/pricing";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const GET = withSession<{ id: string }>(
  async ({ params }) => Response.json({ versions: await listPriceHistory(decodeURIComponent(params.id)) }, { headers: { "cache-control": "no-store" } }),
  { operatorOnly: true },
);

export const POST = withSession<{ id: string }>(
  async ({ req, session, params }) => {
    const body = priceBodySchema.parse(await readJson(req));
    const price = await setPrice({
      modelId: decodeURIComponent(params.id),
      inputPerM: body.inputPerM,
      outputPerM: body.outputPerM,
      cacheReadPerM: body.cacheReadPerM ?? null,
      cacheWritePerM: body.cacheWritePerM ?? null,
      perImage: body.perImage ?? null,
      effectiveFrom: body.effectiveFrom,
      actor: operatorActor({ req, userId: session.user.id }),
    });
    return Response.json({ price: priceJson(price) }, { status: 201 });
  },
  { operatorOnly: true },
);
