// POST /api/stripe/webhook – verify Stripe's signature on the raw body, then apply the event exactly once
import { handleStripeWebhook } from "@/lib/payments/handle-webhook";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const rawBody = await request.text();
  const { status, body } = await handleStripeWebhook({ rawBody, signature: request.headers.get("stripe-signature") });
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}
