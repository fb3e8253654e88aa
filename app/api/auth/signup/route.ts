// POST /api/auth/signup – create an account (with its trial credit); the browser then signs in
import { withPublic } from "@/lib/auth/guards";
import { signUp } from "@/lib/auth/sign-up";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";

export const POST = withPublic(async ({ req, locale }) => {
  const user = await signUp({ input: await readJson(req), ip: clientIpFromHeaders(req.headers), locale });
  return Response.json({ user: { id: user.id, email: user.email, name: user.name } }, { status: 201 });
});
