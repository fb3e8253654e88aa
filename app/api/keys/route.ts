// GET /api/keys – the signed-in customer's keys · POST – create a key (its secret is in this response only)
import { withSession } from "@/lib/auth/guards";
import { requestDataScope } from "@/lib/orgs/console-scope";
import { createApiKey } from "@/lib/keys/create-api-key";
import { keyBodySchema, toKeyLimitsInput } from "@/lib/keys/key-body";
import { listApiKeys } from "@/lib/keys/list-api-keys";
import { validateKeyInput } from "@/lib/keys/validate-key-input";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";

export const GET = withSession(async ({ req, session, locale }) => {
  const scope = await requestDataScope({ req, userId: session.user.id, area: "own", locale });
  return Response.json({ keys: await listApiKeys({ scope }) });
});

export const POST = withSession(async ({ req, session, locale }) => {
  const input = toKeyLimitsInput(keyBodySchema.parse(await readJson(req)));
  await validateKeyInput({ input, locale });
  // In an organization's context the key belongs to the organization (members with a key permission only).
  const scope = await requestDataScope({ req, userId: session.user.id, area: "own", locale });
  const created = await createApiKey({
    userId: session.user.id,
    orgId: scope.kind === "org" ? scope.orgId : null,
    input,
    locale,
    actor: { kind: "user", id: session.user.id, ip: clientIpFromHeaders(req.headers) },
  });
  return Response.json({ key: created }, { status: 201, headers: { "cache-control": "no-store" } });
});
