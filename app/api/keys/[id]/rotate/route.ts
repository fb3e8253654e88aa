// POST /api/keys/:id/rotate – a new secret for the key (in this response only); the old one stops working at once
import { withSession } from "@/lib/auth/guards";
import { requestDataScope } from "@/lib/orgs/console-scope";
import { rotateApiKey } from "@/lib/keys/rotate-api-key";
import { clientIpFromHeaders } from "@/lib/net/client-ip";

export const POST = withSession<{ id: string }>(async ({ req, session, params, locale }) => {
  const scope = await requestDataScope({ req, userId: session.user.id, area: "own", locale });
  const rotated = await rotateApiKey({ scope, keyId: params.id, actor: { kind: "user", id: session.user.id, ip: clientIpFromHeaders(req.headers) } });
  return Response.json({ key: rotated }, { headers: { "cache-control": "no-store" } });
});
