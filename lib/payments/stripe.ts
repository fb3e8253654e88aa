/**
 * The Stripe client: the real `stripe` SDK, pointed at STRIPE_API_BASE when it is set (the tests' fake Stripe,
 * or a proxy). Without STRIPE_SECRET_KEY card payments are off and `stripeClient()` returns null; every caller
 * checks `isCardPaymentsEnabled()` first and the billing page explains how credit is added instead.
 */
import "server-only";
import Stripe from "stripe";
import { env } from "../env";
import { AppError } from "../errors";
import { singleton } from "../singleton";

export type { Stripe };

type Client = { key: string; base: string; client: Stripe };

function build(key: string, base: string | undefined): Stripe {
  const config: ConstructorParameters<typeof Stripe>[1] = { maxNetworkRetries: 2, timeout: 20_000, telemetry: false };
  if (base) {
    const url = new URL(base);
    config.host = url.hostname;
    config.protocol = url.protocol === "http:" ? "http" : "https";
    config.port = url.port || (url.protocol === "http:" ? 80 : 443);
  }
  return new Stripe(key, config);
}

/** Whether card top-ups are configured (both the secret key and the webhook signing secret). */
export function isCardPaymentsEnabled(): boolean {
  const { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET } = env();
  return Boolean(STRIPE_SECRET_KEY && STRIPE_WEBHOOK_SECRET);
}

/** The configured client, or null when card payments are off. Rebuilt when the configuration changes (tests). */
export function stripeClient(): Stripe | null {
  const { STRIPE_SECRET_KEY: key, STRIPE_API_BASE: base = "" } = env();
  if (!key) return null;
  const current = singleton<{ value?: Client }>("payments.stripe", () => ({}));
  if (!current.value || current.value.key !== key || current.value.base !== base) {
    current.value = { key, base, client: build(key, base || undefined) };
  }
  return current.value.client;
}

/** The client, or a 503 that says card payments are not configured. */
export function requireStripe(): Stripe {
  const client = isCardPaymentsEnabled() ? stripeClient() : null;
  if (!client) throw new AppError("unavailable", "Card payments are not configured on this server");
  return client;
}

/** The webhook signing secret (whsec_…); never logged or shown. */
export function webhookSecret(): string | undefined {
  return env().STRIPE_WEBHOOK_SECRET;
}

/** Stripe amounts are integer cents: 1 cent = 10,000 micro-units, exactly. */
export const MICROS_PER_CENT = 10_000n;

export function centsToMicros(cents: number): bigint {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new AppError("bad_request", "Stripe amounts are non-negative integer cents");
  return BigInt(cents) * MICROS_PER_CENT;
}

/** Micros → cents for Stripe; refuses amounts that are not whole cents rather than rounding money. */
export function microsToCents(micros: bigint): number {
  if (micros < 0n || micros % MICROS_PER_CENT !== 0n) throw new AppError("bad_request", "Card amounts must be whole cents");
  return Number(micros / MICROS_PER_CENT);
}
