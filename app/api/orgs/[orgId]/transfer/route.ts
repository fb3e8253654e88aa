// POST /api/orgs/:orgId/transfer – hand ownership to another member ({ "membershipId" }); the owner becomes an admin
import { readJson } from "@/lib/http/read-json";
import { transferOwnership } from "@/lib/orgs/transfer-ownership";
import { withOrg } from "@/lib/orgs/with-org";

export const POST = withOrg(
  async ({ req, access, actor, locale }) => {
    await transferOwnership({ access, input: await readJson(req), actor, locale });
    return new Response(null, { status: 204 });
  },
  { permission: "org.transfer" },
);
