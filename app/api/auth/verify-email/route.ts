// POST /api/auth/verify-email – confirm the address with the e-mailed token and the sign-up's password
import { withPublic } from "@/lib/auth/guards";
import { verifyEmail } from "@/lib/auth/verify-email";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";

export const POST = withPublic(async ({ req, locale }) => {
  const { email } = await verifyEmail({ input: await readJson(req), ip: clientIpFromHeaders(req.headers), locale });
  return Response.json({ status: "verified", email });
});
