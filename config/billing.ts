/**
 * Billing configuration as data: the top-up choices the billing page offers and their limits.
 * Amounts are decimal USD strings (parsed exactly by lib/money). The operator can override the limits with the
 * settings `topup_min_micros` / `topup_max_micros` (see lib/payments/top-up-options.ts).
 */
export const TOP_UP_PRESETS_USD = ["5", "20", "50", "100"] as const;

export const TOP_UP_LIMITS_USD = { min: "5", max: "10000" } as const;

/** The currency card payments are taken in; it must be the site currency of the ledger. */
export const CARD_CURRENCY = "usd";

/** What the customer sees on Stripe's Checkout page and their card statement. */
export const TOP_UP_PRODUCT_NAME = "Switchyard credit";
