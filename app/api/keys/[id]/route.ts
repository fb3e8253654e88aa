// PATCH /api/keys/:id – replace a key's name and limits · DELETE – delete it (usage history stays)
import { withSession } from "@/lib/auth/guards";
import { requestDataScope } from "@/lib/orgs/console-scope";
import { deleteApiKey } from "@/lib/keys/delete-api-key";
import { keyBodySchema, toKeyLimitsInput } from "@/lib/keys/key-body";
import { getApiKey } from "@/lib/keys/list-api-keys";
import { updateApiKeyLimits } from "@/lib/keys/update-api-key-limits";
import { validateKeyInput } from "@/lib/keys/validate-key-input";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";

type Params = { id: string };

export const PATCH = withSession<Params>(async ({ req, session, params, locale }) => {
  const scope = await requestDataScope({ req, userId: session.user.id, area: "own", locale });
  const current = await getApiKey({ scope, keyId: params.id });
  const input = toKeyLimitsInput(keyBodySchema.parse(await readJson(req)));
  await validateKeyInput({ input, locale, keepExpiry: current.expiresAt ? new Date(current.expiresAt) : null });
  await updateApiKeyLimits({
    scope,
    keyId: params.id,
    input,
    locale,
    actor: { kind: "user", id: session.user.id, ip: clientIpFromHeaders(req.headers) },
  });
  return Response.json({ key: await getApiKey({ scope, keyId: params.id }) });
});

export const DELETE = withSession<Params>(async ({ req, session, params, locale }) => {
  const scope = await requestDataScope({ req, userId: session.user.id, area: "own", locale });
  await deleteApiKey({ scope, keyId: params.id, actor: { kind: "user", id: session.user.id, ip: clientIpFromHeaders(req.headers) } });
  return new Response(null, { status: 204 });
});
