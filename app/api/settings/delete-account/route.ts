// POST /api/settings/delete-account – close the account (password and an explicit forfeit of any balance)
import { z } from "zod";
import { deleteAccount } from "@/lib/account/account-settings";
import { withSession } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";

const bodySchema = z.object({ password: z.string().max(1_000), isBalanceForfeited: z.boolean() });

export const POST = withSession(async ({ req, session, locale }) => {
  const { password, isBalanceForfeited } = bodySchema.parse(await readJson(req));
  await deleteAccount({ userId: session.user.id, password, isBalanceForfeited, locale, actor: { kind: "user", id: session.user.id, ip: clientIpFromHeaders(req.headers) } });
  return new Response(null, { status: 204 });
});
