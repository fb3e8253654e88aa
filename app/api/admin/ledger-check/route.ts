// POST /api/admin/ledger-check – recompute every balance from the ledger now (operators); the result is kept for /admin
import { withSession } from "@/lib/auth/guards";
import { runLedgerCheck } from "@/lib/admin/ledger-check";
import { clientIpFromHeaders } from "@/lib/net/client-ip";

export const POST = withSession(
  async ({ req, session }) => {
    const { allProblems: _all, ...record } = await runLedgerCheck({ actor: { kind: "operator", id: session.user.id, ip: clientIpFromHeaders(req.headers) } });
    return Response.json({ check: record });
  },
  { operatorOnly: true },
);
