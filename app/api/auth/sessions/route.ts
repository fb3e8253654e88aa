// GET /api/auth/sessions – the signed-in user's live sessions · DELETE – sign out every other session
import { withSession } from "@/lib/auth/guards";
import { listActiveSessions, revokeOtherSessions } from "@/lib/auth/sessions";
import { recordAudit } from "@/lib/audit/record-audit";
import { clientIpFromHeaders } from "@/lib/net/client-ip";

export const GET = withSession(async ({ session }) => {
  const sessions = await listActiveSessions({ userId: session.user.id, currentSessionId: session.sessionId });
  return Response.json({ sessions });
});

export const DELETE = withSession(async ({ req, session }) => {
  const revoked = await revokeOtherSessions({ userId: session.user.id, keepSessionId: session.sessionId });
  await recordAudit({
    actor: { kind: "user", id: session.user.id, ip: clientIpFromHeaders(req.headers) },
    action: "user.sessions_revoked",
    targetType: "user",
    targetId: session.user.id,
    details: { revoked },
  });
  return Response.json({ revoked });
});
