// GET /api/orgs – the organizations the caller belongs to · POST – create one (the caller becomes owner; context switches to it)
import { withSession } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";
import { contextCookie } from "@/lib/orgs/console-scope";
import { createOrganization } from "@/lib/orgs/create-organization";
import { listOrganizations } from "@/lib/orgs/list-organizations";

export const GET = withSession(async ({ session }) => {
  return Response.json({ organizations: await listOrganizations({ userId: session.user.id }) });
});

export const POST = withSession(async ({ req, session, locale }) => {
  const org = await createOrganization({
    userId: session.user.id,
    input: await readJson(req),
    actor: { kind: "user", id: session.user.id, ip: clientIpFromHeaders(req.headers) },
    locale,
  });
  const cookie = contextCookie({ orgId: org.id, isSecure: new URL(req.url).protocol === "https:" });
  return Response.json({ organization: { id: org.id, name: org.name, slug: org.slug } }, { status: 201, headers: { "set-cookie": cookie } });
});
