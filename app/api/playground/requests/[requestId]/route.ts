// GET /api/playground/requests/:requestId – the logged cost, tokens and latency of one of the customer's requests
import { withSession } from "@/lib/auth/guards";
import { AppError } from "@/lib/errors";
import { requestIdTime } from "@/lib/relay/request-id";
import { getRequestLog } from "@/lib/usage/get-request-log";
import { flushRequestLogs } from "@/lib/usage/record-request";

/** A request that ended just now reaches the log within tens of milliseconds (its settlement commits, then its row). */
const WAIT_MS = 3_000;
/** Ids made longer ago than this are not waited for (a playground reply streams for minutes at most). */
const RECENT_MS = 30 * 60_000;

export const GET = withSession<{ requestId: string }>(async ({ session, params }) => {
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(params.requestId)) throw new AppError("not_found", "No such request");
  const lookup = () => getRequestLog({ userId: session.user.id, requestId: params.requestId });
  let entry = await lookup();
  // The playground asks as soon as its reply ends, a moment before the row is written: for a recent id of the relay's,
  // wait for it here (the browser would log every early 404 as an error) rather than answer "no such request"; any
  // other id is answered at once.
  const madeAt = requestIdTime(params.requestId);
  const waitUntil = Date.now() + WAIT_MS;
  while (!entry && madeAt !== null && Date.now() - madeAt < RECENT_MS && Date.now() < waitUntil) {
    await flushRequestLogs();
    await new Promise((resolve) => setTimeout(resolve, 50));
    entry = await lookup();
  }
  if (!entry) throw new AppError("not_found", "No such request");
  return Response.json({ request: entry });
});
