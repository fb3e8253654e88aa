// POST /api/orgs/:orgId/leave – leave the organization (not the owner); your keys in it stop at once
import { contextCookie } from "@/lib/orgs/console-scope";
import { leaveOrganization } from "@/lib/orgs/remove-member";
import { withOrg } from "@/lib/orgs/with-org";

export const POST = withOrg(
  async ({ req, access, actor, locale }) => {
    await leaveOrganization({ access, actor, locale });
    return new Response(null, { status: 204, headers: { "set-cookie": contextCookie({ orgId: null, isSecure: new URL(req.url).protocol === "https:" }) } });
  },
  { permission: "org.view" },
);
