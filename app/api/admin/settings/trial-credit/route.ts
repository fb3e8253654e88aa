// GET /api/admin/settings/trial-credit – operator: the credit new accounts receive
// POST /api/admin/settings/trial-credit – operator: change it for accounts created from now on
import { operatorActor } from "@/lib/admin/actor";
import { getTrialCredit, setTrialCredit } from "@/lib/admin/catalog";
import { trialCreditBodySchema } from "@/lib/admin/schemas";
import { withSession } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";
import { formatUsd } from "@/lib/money";

export const dynamic = "force-dynamic";

function json(amount: bigint): Response {
  return Response.json({ trialCredit: { micros: amount.toString(), display: formatUsd(amount) } }, { headers: { "cache-control": "no-store" } });
}

export const GET = withSession(async () => json(await getTrialCredit()), { operatorOnly: true });

export const POST = withSession(
  async ({ req, session }) => {
    const { amount } = trialCreditBodySchema.parse(await readJson(req));
    return json(await setTrialCredit({ amount, actor: operatorActor({ req, userId: session.user.id }) }));
  },
  { operatorOnly: true },
);
