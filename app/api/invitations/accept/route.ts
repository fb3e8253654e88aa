// POST /api/invitations/accept – join an organization with an invitation token ({ "token" }); the context switches to it
import { withSession } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";
import { contextCookie } from "@/lib/orgs/console-scope";
import { acceptInvitation } from "@/lib/orgs/invitations/accept-invitation";

export const POST = withSession(async ({ req, session, locale }) => {
  const joined = await acceptInvitation({
    input: await readJson(req),
    user: { id: session.user.id, email: session.user.email },
    actor: { kind: "user", id: session.user.id, ip: clientIpFromHeaders(req.headers) },
    locale,
  });
  const cookie = contextCookie({ orgId: joined.orgId, isSecure: new URL(req.url).protocol === "https:" });
  return Response.json({ organization: { id: joined.orgId, name: joined.orgName }, role: joined.role }, { headers: { "set-cookie": cookie } });
});
