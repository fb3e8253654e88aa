// POST /api/playground/chat – one playground turn, streamed from the relay (OpenAI SSE) on the customer's balance
import { withSession } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";
import { clientIpFromHeaders } from "@/lib/net/client-ip";
import { playgroundTurnSchema, runPlaygroundTurn } from "@/lib/playground/playground-request";

export const dynamic = "force-dynamic";

export const POST = withSession(async ({ req, session }) => {
  const turn = playgroundTurnSchema.parse(await readJson(req));
  return runPlaygroundTurn({ userId: session.user.id, turn, clientIp: clientIpFromHeaders(req.headers), signal: req.signal });
});
