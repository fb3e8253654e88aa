// PUT /api/settings/alerts – the low-balance alert threshold in USD ({ "threshold": "5" }, null or "" = off)
import { withSession } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";
import { setLowBalanceThreshold, thresholdBodySchema } from "@/lib/usage/low-balance-threshold";

export const PUT = withSession(async ({ req, session, locale }) => {
  const { threshold } = thresholdBodySchema.parse(await readJson(req));
  const saved = await setLowBalanceThreshold({ userId: session.user.id, amount: threshold, locale, actor: { kind: "user", id: session.user.id, ip: clientIpFromHeaders(req.headers) } });
  return Response.json({ threshold: saved === null ? null : saved.toString() });
});
