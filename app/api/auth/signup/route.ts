// POST /api/auth/signup – sign up; the same 202 "verification sent" whether or not the email is taken (issue #10)
import { withPublic } from "@/lib/auth/guards";
import { signUp } from "@/lib/auth/sign-up";
import { siteOrigin } from "@/lib/http/site-origin";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";

export const POST = withPublic(async ({ req, locale }) => {
  const outcome = await signUp({ input: await readJson(req), baseUrl: await siteOrigin(), ip: clientIpFromHeaders(req.headers), locale });
  // Only the bootstrap operator (no account could be enumerated yet) is ready at once; the browser then signs in.
  if (outcome.status === "created") return Response.json({ status: "created", user: { id: outcome.user.id, email: outcome.user.email, name: outcome.user.name } }, { status: 201 });
  return Response.json({ status: "verification_sent" }, { status: 202 });
});
