/**
 * Fake external services for the browser tests. Each domain adds its fake here (upstream LLM providers, Stripe),
 * returning the environment the app needs to reach it.
 */
import { startFakeStripe } from "../../tests/fakes/stripe";
import { startFakeUpstream } from "../../tests/fakes/upstream";

export type E2eFakes = { env: Record<string, string>; info: Record<string, string>; stop: () => Promise<void> };

/** `appUrl`: where the app under test listens (fakes that call back, such as Stripe's webhooks, need it). */
export async function startE2eFakes({ appUrl }: { appUrl?: string } = {}): Promise<E2eFakes> {
  const stripe = await startFakeStripe({ webhookUrl: appUrl ? `${appUrl}/api/stripe/webhook` : undefined });
  // Stripe's webhooks arrive on their own schedule, as a rule after the customer is back from Checkout: the return
  // page then shows the payment pending and must bring in the new balance itself (billing.spec holds a refresh on that
  // path). Delivered at once, a webhook could beat the return page's render and skip the path the spec checks.
  stripe.webhookDelayMs = 2_000;
  // An upstream LLM provider speaking the OpenAI, Anthropic and Gemini protocols; specs add channels pointing at it.
  const upstream = await startFakeUpstream();
  return {
    env: { ...stripe.env },
    info: { stripeUrl: stripe.url, upstreamUrl: upstream.url },
    stop: async () => {
      await stripe.stop();
      await upstream.close();
    },
  };
}
