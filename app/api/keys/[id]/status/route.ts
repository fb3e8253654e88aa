// POST /api/keys/:id/status – enable or disable a key ({ "isEnabled": boolean }), effective on the next request
import { z } from "zod";
import { withSession } from "@/lib/auth/guards";
import { requestDataScope } from "@/lib/orgs/console-scope";
import { getApiKey } from "@/lib/keys/list-api-keys";
import { setApiKeyEnabled } from "@/lib/keys/set-api-key-enabled";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";

const bodySchema = z.object({ isEnabled: z.boolean() });

export const POST = withSession<{ id: string }>(async ({ req, session, params, locale }) => {
  const { isEnabled } = bodySchema.parse(await readJson(req));
  const scope = await requestDataScope({ req, userId: session.user.id, area: "own", locale });
  await setApiKeyEnabled({ scope, keyId: params.id, isEnabled, actor: { kind: "user", id: session.user.id, ip: clientIpFromHeaders(req.headers) } });
  return Response.json({ key: await getApiKey({ scope, keyId: params.id }) });
});
