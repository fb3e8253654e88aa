// POST /api/auth/forgot-password – e-mail a reset link; answers the same whether or not the account exists
import { withPublic } from "@/lib/auth/guards";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { siteOrigin } from "@/lib/http/site-origin";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";

export const POST = withPublic(async ({ req, locale }) => {
  await requestPasswordReset({ input: await readJson(req), baseUrl: await siteOrigin(), ip: clientIpFromHeaders(req.headers), locale });
  return Response.json({ ok: true }, { status: 202 });
});
