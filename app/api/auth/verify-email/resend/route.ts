// POST /api/auth/verify-email/resend – mail a fresh verification link; answers the same whatever the address
import { withPublic } from "@/lib/auth/guards";
import { resendVerification } from "@/lib/auth/verify-email-resend";
import { siteOrigin } from "@/lib/http/site-origin";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";

export const POST = withPublic(async ({ req, locale }) => {
  await resendVerification({ input: await readJson(req), baseUrl: await siteOrigin(), ip: clientIpFromHeaders(req.headers), locale });
  return Response.json({ status: "verification_sent" }, { status: 202 });
});
