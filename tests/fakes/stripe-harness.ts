/**
 * Vitest harness for card payments: a fake Stripe whose webhooks go straight into the app's route handler
 * (POST /api/stripe/webhook, raw body and signature header as over HTTP), with the app's environment pointed at it.
 */
import { POST } from "../../app/api/stripe/webhook/route";
import { resetEnv } from "../../lib/env";
import { startFakeStripe, type FakeStripe, type FakeStripeOptions } from "./stripe";

export const WEBHOOK_URL = "http://localhost/api/stripe/webhook";

/** Send a payload to the webhook route exactly as Stripe would; returns the HTTP response. */
export async function postWebhook(payload: string, signature: string | null): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature !== null) headers["stripe-signature"] = signature;
  return POST(new Request(WEBHOOK_URL, { method: "POST", headers, body: payload }));
}

export async function startStripeHarness(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const fake = await startFakeStripe({
    retryDelayMs: 20,
    ...options,
    deliver: async (payload, headers) => (await POST(new Request(WEBHOOK_URL, { method: "POST", headers, body: payload }))).status,
  });
  Object.assign(process.env, fake.env);
  resetEnv();
  return fake;
}

export function stopStripeHarness(fake: FakeStripe): Promise<void> {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  delete process.env.STRIPE_API_BASE;
  resetEnv();
  return fake.stop();
}
