// GET /api/orgs/:orgId/usage – usage by member (this month and 30 days) and the daily series by member (owner, admin)
import { getMemberSeries, getMemberUsage } from "@/lib/orgs/get-member-usage";
import { withOrg } from "@/lib/orgs/with-org";

export const GET = withOrg(
  async ({ access }) => {
    const members = await getMemberUsage({ orgId: access.orgId });
    return Response.json({ members, series: await getMemberSeries({ orgId: access.orgId, members }) });
  },
  { permission: "usage.all" },
);
