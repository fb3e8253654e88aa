// GET /api/orgs/:orgId/members – members with role, allowance and what they used this month (owner, admin)
import { listMembers } from "@/lib/orgs/list-members";
import { withOrg } from "@/lib/orgs/with-org";

export const GET = withOrg(async ({ access }) => Response.json({ members: await listMembers({ orgId: access.orgId }) }), { permission: "members.view" });
