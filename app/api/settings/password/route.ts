// POST /api/settings/password – change the password (needs the current one); other sessions are signed out
import { z } from "zod";
import { changePassword } from "@/lib/account/account-settings";
import { withSession } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";

const bodySchema = z.object({ currentPassword: z.string().max(1_000), newPassword: z.string().max(1_000) });

export const POST = withSession(async ({ req, session, locale }) => {
  const { currentPassword, newPassword } = bodySchema.parse(await readJson(req));
  const result = await changePassword({
    userId: session.user.id,
    sessionId: session.sessionId,
    currentPassword,
    newPassword,
    locale,
    actor: { kind: "user", id: session.user.id, ip: clientIpFromHeaders(req.headers) },
  });
  return Response.json(result);
});
