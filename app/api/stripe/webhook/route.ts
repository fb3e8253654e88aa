// POST /api/stripe/webhook – verify Stripe's signature on the raw body, then apply the event exactly once
import { readBodyBytes } from "@/lib/http/read-json";
import { handleStripeWebhook } from "@/lib/payments/handle-webhook";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  // capped as it arrives: a chunked body has no Content-Length for server.ts to refuse
  const bytes = await readBodyBytes(request).catch(() => null);
  if (!bytes) return Response.json({ error: "The request body is too large" }, { status: 413 });
  const rawBody = bytes.toString("utf8");
  const { status, body } = await handleStripeWebhook({ rawBody, signature: request.headers.get("stripe-signature") });
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}
