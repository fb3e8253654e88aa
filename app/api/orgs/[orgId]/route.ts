// GET /api/orgs/:orgId – the organization and your membership · PATCH – rename (owner, admin) · DELETE – delete (owner)
import { readJson } from "@/lib/http/read-json";
import { getMemberAllowance } from "@/lib/orgs/member-allowance";
import { permissionsOf } from "@/lib/orgs/permissions";
import { deleteOrganization, renameOrganization } from "@/lib/orgs/update-organization";
import { withOrg } from "@/lib/orgs/with-org";

export const GET = withOrg(
  async ({ access }) => {
    const allowance = await getMemberAllowance({ membershipId: access.membershipId, allowance: access.monthlyAllowance });
    return Response.json({
      organization: { id: access.orgId, name: access.orgName, slug: access.orgSlug },
      membership: { id: access.membershipId, role: access.role, permissions: permissionsOf(access.role), allowance },
    });
  },
  { permission: "org.view" },
);

export const PATCH = withOrg(
  async ({ req, access, actor, locale }) => Response.json({ organization: await renameOrganization({ access, input: await readJson(req), actor, locale }) }),
  { permission: "org.rename" },
);

export const DELETE = withOrg(
  async ({ req, access, actor, locale }) => {
    await deleteOrganization({ access, input: await readJson(req), actor, locale });
    return new Response(null, { status: 204 });
  },
  { permission: "org.delete" },
);
