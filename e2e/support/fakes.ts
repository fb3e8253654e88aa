/**
 * Fake external services for the browser tests. Each domain adds its fake here (upstream LLM providers, Stripe),
 * returning the environment the app needs to reach it.
 */
import { startFakeStripe } from "../../tests/fakes/stripe";

export type E2eFakes = { env: Record<string, string>; info: Record<string, string>; stop: () => Promise<void> };

/** `appUrl`: where the app under test listens (fakes that call back, such as Stripe's webhooks, need it). */
export async function startE2eFakes({ appUrl }: { appUrl?: string } = {}): Promise<E2eFakes> {
  const stripe = await startFakeStripe({ webhookUrl: appUrl ? `${appUrl}/api/stripe/webhook` : undefined });
  return {
    env: { ...stripe.env },
    info: { stripeUrl: stripe.url },
    stop: async () => {
      await stripe.stop();
    },
  };
}
