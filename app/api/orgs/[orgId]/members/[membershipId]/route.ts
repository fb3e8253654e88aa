// PATCH /api/orgs/:orgId/members/:membershipId – change role and/or monthly allowance · DELETE – remove the member (owner, admin)
import { AppError } from "@/lib/errors";
import { readJson } from "@/lib/http/read-json";
import { findMember } from "@/lib/orgs/list-members";
import { orgErrors } from "@/lib/orgs/org-errors";
import { removeMember } from "@/lib/orgs/remove-member";
import { updateMember } from "@/lib/orgs/update-member";
import { withOrg } from "@/lib/orgs/with-org";

type Params = { orgId: string; membershipId: string };

export const PATCH = withOrg<Params>(
  async ({ req, params, access, actor, locale }) => {
    await updateMember({ access, membershipId: params.membershipId, input: await readJson(req), actor, locale });
    const member = await findMember({ orgId: access.orgId, membershipId: params.membershipId });
    if (!member) throw new AppError("not_found", orgErrors(locale)("memberNotFound"));
    return Response.json({ member });
  },
  { permission: "members.manage" },
);

export const DELETE = withOrg<Params>(
  async ({ params, access, actor, locale }) => {
    await removeMember({ access, membershipId: params.membershipId, actor, locale });
    return new Response(null, { status: 204 });
  },
  { permission: "members.manage" },
);
