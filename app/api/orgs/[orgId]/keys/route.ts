// GET /api/orgs/:orgId/keys – every key of the organization with its member and usage (owner, admin)
import { listApiKeys } from "@/lib/keys/list-api-keys";
import { withOrg } from "@/lib/orgs/with-org";

export const GET = withOrg(async ({ access }) => Response.json({ keys: await listApiKeys({ scope: { kind: "org", orgId: access.orgId, userId: null } }) }), { permission: "keys.all" });
