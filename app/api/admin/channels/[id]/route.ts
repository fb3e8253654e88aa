// PATCH /api/admin/channels/:id – operator: change a channel (secrets replaced only when given), enable or disable it
// DELETE /api/admin/channels/:id – operator: delete a channel
import { operatorActor } from "@/lib/admin/actor";
import { withSession } from "@/lib/auth/guards";
import { deleteChannel } from "@/lib/channels/list-channels";
import { channelUpdateSchema } from "@/lib/channels/schema";
import { updateChannel } from "@/lib/channels/update-channel";
import { readJson } from "@/lib/http/read-json";
import { resetChannelHealth } from "@/lib/relay/routing/health";
import { z } from "zod";

const idSchema = z.uuid();

export const PATCH = withSession<{ id: string }>(
  async ({ req, session, params }) => {
    const id = idSchema.parse(params.id);
    const input = channelUpdateSchema.parse(await readJson(req));
    const channel = await updateChannel({ id, input, actor: operatorActor({ req, userId: session.user.id }) });
    // an operator who edits or re-enables a channel wants it judged afresh, not by the failures that took it out
    if (input.isEnabled === true || input.baseUrl !== undefined || input.secrets !== undefined) resetChannelHealth(id);
    return Response.json({ channel });
  },
  { operatorOnly: true },
);

export const DELETE = withSession<{ id: string }>(
  async ({ req, session, params }) => {
    const id = idSchema.parse(params.id);
    await deleteChannel({ id, actor: operatorActor({ req, userId: session.user.id }) });
    resetChannelHealth(id);
    return new Response(null, { status: 204 });
  },
  { operatorOnly: true },
);
