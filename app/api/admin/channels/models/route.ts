// POST /api/admin/channels/models – operator: the model ids an upstream account lists (for the channel form), from a
// saved channel ({ channelId }) or the form's type, base URL and key; nothing is saved
import { upstreamModelsBodySchema } from "@/lib/admin/schemas";
import { withSession } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";
import { listUpstreamModels } from "@/lib/relay/list-upstream-models";

export const dynamic = "force-dynamic";

export const POST = withSession(
  async ({ req }) => {
    const source = upstreamModelsBodySchema.parse(await readJson(req));
    return Response.json({ models: await listUpstreamModels(source) }, { headers: { "cache-control": "no-store" } });
  },
  { operatorOnly: true },
);
