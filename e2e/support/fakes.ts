/**
 * Fake external services for the browser tests. Each domain adds its fake here (upstream LLM providers, Stripe),
 * returning the environment the app needs to reach it.
 */
export type E2eFakes = { env: Record<string, string>; info: Record<string, string>; stop: () => Promise<void> };

export async function startE2eFakes(): Promise<E2eFakes> {
  return { env: {}, info: {}, stop: async () => undefined };
}
