/**
 * What the billing page offers: preset amounts (config/billing.ts) and the custom-amount limits, which the
 * operator can override with the settings `topup_min_micros` / `topup_max_micros`.
 */
import "server-only";
import { TOP_UP_LIMITS_USD, TOP_UP_PRESETS_USD } from "../../config/billing";
import { AppError } from "../errors";
import { formatUsd, parseUsd, readUsdInput } from "../money";
import { getSetting } from "../settings";
import { isCardPaymentsEnabled, MICROS_PER_CENT } from "./stripe";

export type TopUpOptions = { isEnabled: boolean; presets: bigint[]; min: bigint; max: bigint };

function usd(text: string): bigint {
  const value = parseUsd(text);
  if (value === undefined) throw new Error(`bad amount in config/billing.ts: ${text}`);
  return value;
}

export async function getTopUpOptions(): Promise<TopUpOptions> {
  const [minSetting, maxSetting] = await Promise.all([
    getSetting<string | null>("topup_min_micros", null),
    getSetting<string | null>("topup_max_micros", null),
  ]);
  const min = minSetting !== null ? BigInt(minSetting) : usd(TOP_UP_LIMITS_USD.min);
  const max = maxSetting !== null ? BigInt(maxSetting) : usd(TOP_UP_LIMITS_USD.max);
  const presets = TOP_UP_PRESETS_USD.map(usd).filter((amount) => amount >= min && amount <= max);
  return { isEnabled: isCardPaymentsEnabled(), presets, min, max };
}

/** Parse and check a requested top-up amount (decimal USD string) against the limits. */
export async function parseTopUpAmount(text: string): Promise<bigint> {
  const { min, max } = await getTopUpOptions();
  const range = `Top-ups are between ${formatUsd(min)} and ${formatUsd(max)}`;
  const { micros: amount, problem } = readUsdInput(text, { max });
  if (problem === "malformed") throw new AppError("validation_failed", "Enter an amount in dollars, e.g. 20 or 12.50", { param: "amount" });
  if (problem === "tooPrecise" || (amount !== undefined && amount % MICROS_PER_CENT !== 0n)) throw new AppError("validation_failed", "Card amounts are whole cents", { param: "amount" });
  if (amount === undefined || amount < min) throw new AppError("validation_failed", range, { param: "amount" });
  return amount;
}
