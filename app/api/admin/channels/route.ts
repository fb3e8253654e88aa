// GET /api/admin/channels – operator: every channel with live health and today's traffic (secret hints only)
// POST /api/admin/channels – operator: create a channel (its secrets are encrypted and never returned)
import { operatorActor } from "@/lib/admin/actor";
import { listChannelsWithHealth } from "@/lib/admin/list-channels-with-health";
import { withSession } from "@/lib/auth/guards";
import { createChannel } from "@/lib/channels/create-channel";
import { channelInputSchema } from "@/lib/channels/schema";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const GET = withSession(async () => Response.json({ channels: await listChannelsWithHealth() }, { headers: { "cache-control": "no-store" } }), { operatorOnly: true });

export const POST = withSession(
  async ({ req, session }) => {
    const input = channelInputSchema.parse(await readJson(req));
    const channel = await createChannel({ input, actor: operatorActor({ req, userId: session.user.id }) });
    return Response.json({ channel }, { status: 201 });
  },
  { operatorOnly: true },
);
