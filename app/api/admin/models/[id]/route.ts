// PATCH /api/admin/models/:id – operator: show or hide a model on the public pages and /v1/models
import { operatorActor } from "@/lib/admin/actor";
import { setModelVisible } from "@/lib/admin/catalog";
import { visibilityBodySchema } from "@/lib/admin/schemas";
import { withSession } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";

export const PATCH = withSession<{ id: string }>(
  async ({ req, session, params }) => {
    const { isVisible } = visibilityBodySchema.parse(await readJson(req));
    await setModelVisible({ id: decodeURIComponent(params.id), isVisible, actor: operatorActor({ req, userId: session.user.id }) });
    return Response.json({ ok: true });
  },
  { operatorOnly: true },
);
