// POST /api/auth/reset-password – set a new password with a single-use token; ends every session of the user
import { withPublic } from "@/lib/auth/guards";
import { resetPassword } from "@/lib/auth/password-reset";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";

export const POST = withPublic(async ({ req, locale }) => {
  await resetPassword({ input: await readJson(req), ip: clientIpFromHeaders(req.headers), locale });
  return Response.json({ ok: true });
});
