// POST /api/admin/channels/:id/test – operator: send one real small request through the channel; result and latency
import { operatorActor } from "@/lib/admin/actor";
import { channelTestBodySchema } from "@/lib/admin/schemas";
import { withSession } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";
import { testChannel } from "@/lib/relay/test-channel";
import { z } from "zod";

export const dynamic = "force-dynamic";

export const POST = withSession<{ id: string }>(
  async ({ req, session, params }) => {
    const channelId = z.uuid().parse(params.id);
    const { model, secretIndex } = channelTestBodySchema.parse(await readJson(req));
    const result = await testChannel({ channelId, model, secretIndex, actor: operatorActor({ req, userId: session.user.id }) });
    return Response.json({ result: { ...result, testedAt: result.testedAt.toISOString() } }, { headers: { "cache-control": "no-store" } });
  },
  { operatorOnly: true },
);
