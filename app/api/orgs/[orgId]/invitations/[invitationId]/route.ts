// DELETE /api/orgs/:orgId/invitations/:invitationId – revoke an invitation; its link stops working at once (owner, admin)
import { revokeInvitation } from "@/lib/orgs/invitations/revoke-invitation";
import { withOrg } from "@/lib/orgs/with-org";

export const DELETE = withOrg<{ orgId: string; invitationId: string }>(
  async ({ params, access, actor, locale }) => {
    await revokeInvitation({ access, invitationId: params.invitationId, actor, locale });
    return new Response(null, { status: 204 });
  },
  { permission: "invitations.manage" },
);
