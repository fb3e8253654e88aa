// DELETE /api/settings/sessions/:id – sign one of the customer's own browsers out
import { revokeOwnSession } from "@/lib/account/account-settings";
import { withSession } from "@/lib/auth/guards";
import { clientIpFromHeaders } from "@/lib/net/client-ip";

export const DELETE = withSession<{ id: string }>(async ({ req, session, params }) => {
  await revokeOwnSession({ userId: session.user.id, sessionId: params.id, actor: { kind: "user", id: session.user.id, ip: clientIpFromHeaders(req.headers) } });
  return new Response(null, { status: 204 });
});
