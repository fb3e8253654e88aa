// GET /api/billing/top-ups/:id – one of the customer's top-ups and the balance now (polled after Checkout)
import { withSession } from "@/lib/auth/guards";
import { AppError } from "@/lib/errors";
import { balanceJson, topUpJson } from "@/lib/payments/dto";
import { getTopUpForUser } from "@/lib/payments/list-top-ups";

export const GET = withSession<{ id: string }>(async ({ session, params }) => {
  const found = await getTopUpForUser({ userId: session.user.id, topUpId: params.id });
  if (!found) throw new AppError("not_found", "No such top-up");
  return Response.json({ topUp: topUpJson(found.topUp), balance: balanceJson(found.balance) }, { headers: { "cache-control": "no-store" } });
});
