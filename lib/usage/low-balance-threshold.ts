/**
 * The console's side of the low-balance threshold: read it, and parse + validate what the settings form sends (USD
 * text, messages in the customer's language) before lib/billing/low-balance.ts stores it, re-arms the one-time
 * e-mail and checks the balance at once. Null (or 0) = no alert.
 */
import "server-only";
import { z } from "zod";
import { translator } from "../../i18n/translator";
import type { AuditActor } from "../audit/record-audit";
import { setLowBalanceThreshold as storeThreshold } from "../billing/low-balance";
import { sql } from "../db";
import { AppError } from "../errors";
import { formatUsd, readUsdInput, USD_INPUT_MESSAGE_KEYS } from "../money";

export const MAX_THRESHOLD_MICROS = 1_000_000n * 1_000_000n; // $1,000,000

export async function getLowBalanceThreshold({ userId }: { userId: string }): Promise<bigint | null> {
  const { rows } = await sql<{ low_balance_threshold: bigint | null }>(`select low_balance_threshold from users where id = $1`, [userId]);
  return rows[0]?.low_balance_threshold ?? null;
}

/** `amount` is USD text ("5", "12.50"); empty or null turns the alert off. Field errors in the caller's language. */
export async function setLowBalanceThreshold({
  userId,
  amount,
  locale,
  actor,
}: {
  userId: string;
  amount: string | null;
  locale?: string | null;
  actor: AuditActor;
}): Promise<bigint | null> {
  const t = translator({ locale, namespace: "settings.errors" });
  const text = amount?.trim() ?? "";
  let micros: bigint | null = null;
  if (text !== "") {
    const { micros: parsed, problem } = readUsdInput(text, { max: MAX_THRESHOLD_MICROS });
    if (problem) {
      const message = t(USD_INPUT_MESSAGE_KEYS[problem], { max: formatUsd(MAX_THRESHOLD_MICROS) });
      throw new AppError("validation_failed", message, { param: "threshold", fieldErrors: { threshold: message } });
    }
    micros = parsed === 0n ? null : parsed;
  }
  await storeThreshold({ userId, threshold: micros, actor });
  return micros;
}

export const thresholdBodySchema = z.object({ threshold: z.string().max(40).nullable() });
