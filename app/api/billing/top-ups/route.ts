// GET /api/billing/top-ups – the customer's card top-ups · POST – start a top-up (returns Stripe Checkout's URL)
import { withSession } from "@/lib/auth/guards";
import { requestWalletOwner } from "@/lib/orgs/console-scope";
import { walletId } from "@/lib/billing/accounts";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";
import { createTopUp } from "@/lib/payments/create-top-up";
import { topUpJson } from "@/lib/payments/dto";
import { listTopUps } from "@/lib/payments/list-top-ups";
import { topUpBodySchema } from "@/lib/payments/schemas";

export const GET = withSession(async ({ req, session, locale }) => {
  const owner = await requestWalletOwner({ req, userId: session.user.id, permission: "billing.view", locale });
  const topUps = "orgId" in owner ? await listTopUps({ accountId: await walletId(owner), limit: 50 }) : await listTopUps({ userId: session.user.id, accountId: await walletId(owner), limit: 50 });
  return Response.json({ topUps: topUps.map(topUpJson) }, { headers: { "cache-control": "no-store" } });
});

export const POST = withSession(async ({ req, session, locale }) => {
  const { amount } = topUpBodySchema.parse(await readJson(req));
  // In an organization's context the top-up credits the organization's wallet (owner, admin and billing roles).
  const owner = await requestWalletOwner({ req, userId: session.user.id, permission: "billing.topup", locale });
  const created = await createTopUp({ userId: session.user.id, owner, amount, origin: new URL(req.url).origin, ip: clientIpFromHeaders(req.headers) });
  return Response.json({ topUpId: created.topUpId, checkoutUrl: created.checkoutUrl }, { status: 201, headers: { "cache-control": "no-store" } });
});
