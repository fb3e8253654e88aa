// GET /api/orgs/:orgId/audit?before=<id> – the organization's audit log, newest first (owner, admin)
import { z } from "zod";
import { listOrgAudit } from "@/lib/orgs/org-audit";
import { withOrg } from "@/lib/orgs/with-org";

const querySchema = z.object({ before: z.string().regex(/^\d{1,19}$/).optional() });

export const GET = withOrg(
  async ({ req, access }) => {
    const { before } = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
    return Response.json(await listOrgAudit({ orgId: access.orgId, before: before ?? null }));
  },
  { permission: "audit.view" },
);
