// GET /api/orgs/:orgId/invitations – recent invitations · POST – invite by email or create a shareable link (owner, admin)
import { readJson } from "@/lib/http/read-json";
import { siteOrigin } from "@/lib/http/site-origin";
import { createInvitation } from "@/lib/orgs/invitations/create-invitation";
import { listInvitations } from "@/lib/orgs/invitations/list-invitations";
import { withOrg } from "@/lib/orgs/with-org";

export const GET = withOrg(async ({ access }) => Response.json({ invitations: await listInvitations({ orgId: access.orgId }) }), { permission: "invitations.manage" });

export const POST = withOrg(
  async ({ req, session, access, actor, locale }) => {
    const invitation = await createInvitation({
      access,
      input: await readJson(req),
      inviter: { email: session.user.email, name: session.user.name ?? null },
      baseUrl: await siteOrigin(),
      actor,
      locale,
    });
    return Response.json({ invitation }, { status: 201, headers: { "cache-control": "no-store" } });
  },
  { permission: "invitations.manage" },
);
