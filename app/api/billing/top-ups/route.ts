// GET /api/billing/top-ups – the customer's card top-ups · POST – start a top-up (returns Stripe Checkout's URL)
import { withSession } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";
import { createTopUp } from "@/lib/payments/create-top-up";
import { topUpJson } from "@/lib/payments/dto";
import { listTopUps } from "@/lib/payments/list-top-ups";
import { topUpBodySchema } from "@/lib/payments/schemas";

export const GET = withSession(async ({ session }) => {
  const topUps = await listTopUps({ userId: session.user.id, limit: 50 });
  return Response.json({ topUps: topUps.map(topUpJson) }, { headers: { "cache-control": "no-store" } });
});

export const POST = withSession(async ({ req, session }) => {
  const { amount } = topUpBodySchema.parse(await readJson(req));
  const created = await createTopUp({ userId: session.user.id, amount, origin: new URL(req.url).origin, ip: clientIpFromHeaders(req.headers) });
  return Response.json({ topUpId: created.topUpId, checkoutUrl: created.checkoutUrl }, { status: 201, headers: { "cache-control": "no-store" } });
});
