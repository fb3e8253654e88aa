/**
 * The memos the ledger writes itself on a transaction, in English, at posting time. Ledger rows are never rewritten:
 * the console shows a known memo in the reader's language by its key (`memos.<key>` in the admin-customers
 * messages) and any other memo (an operator's reason, a usage line's model) as it was written.
 */
export const SYSTEM_MEMOS = {
  trialCredit: "Trial credit for a new account",
  cardTopUp: "Card top-up",
  refundToCard: "Refund to card",
  refundReversed: "Refund failed at Stripe: credit restored",
  disputeLost: "Card dispute lost",
} as const;

export type SystemMemoKey = keyof typeof SYSTEM_MEMOS;

const KEY_OF = new Map<string, SystemMemoKey>(Object.entries(SYSTEM_MEMOS).map(([key, memo]) => [memo, key as SystemMemoKey]));

/** The key of a memo the ledger wrote itself, or null for any other memo. */
export function systemMemoKey(memo: string | null): SystemMemoKey | null {
  return memo === null ? null : (KEY_OF.get(memo) ?? null);
}
