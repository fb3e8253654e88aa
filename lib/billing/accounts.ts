/**
 * Ledger accounts: one wallet per customer and per organization, plus system accounts that are the other side
 * of every movement. Wallets keep cached balances (paid, trial, held, frozen); system accounts do not (their
 * balance is the sum of their entries), so no hot row serializes every settlement.
 */
import "server-only";
import { sql } from "../db";
import { reservedInMemory } from "./hot-ledger-state";

export const SYSTEM_ACCOUNTS = {
  card_payments: "Money received by card (Stripe)",
  promotions: "Trial and promotional credit given away",
  usage_revenue: "What customers paid for usage",
  refunds: "Money returned to customers",
  adjustments: "Operator adjustments",
  losses: "Usage served beyond what a wallet could pay (over-runs)",
  disputes: "Card disputes (chargebacks)",
} as const;

export type SystemAccountCode = keyof typeof SYSTEM_ACCOUNTS;
export type WalletOwner = { userId: string } | { orgId: string };
export type Bucket = "paid" | "trial" | "system";

const systemIds = new Map<SystemAccountCode, string>();

/** The id of a system account, created on first use. */
export async function systemAccountId(code: SystemAccountCode): Promise<string> {
  const cached = systemIds.get(code);
  if (cached) return cached;
  const { rows } = await sql<{ id: string }>(
    `insert into ledger_accounts (kind, code) values ('system', $1)
     on conflict (code) do update set code = excluded.code returning id`,
    [code],
  );
  systemIds.set(code, rows[0].id);
  return rows[0].id;
}

/** The wallet of a user or organization, created on first use. */
export async function walletId(owner: WalletOwner): Promise<string> {
  const isUser = "userId" in owner;
  const column = isUser ? "user_id" : "org_id";
  const { rows } = await sql<{ id: string }>(
    `insert into ledger_accounts (kind, ${column}) values ($1, $2)
     on conflict (${column}) do update set ${column} = excluded.${column} returning id`,
    [isUser ? "user_wallet" : "org_wallet", isUser ? owner.userId : owner.orgId],
  );
  return rows[0].id;
}

export type WalletBalance = {
  accountId: string;
  paid: bigint;
  trial: bigint;
  held: bigint;
  frozen: bigint;
  /** paid + trial */
  total: bigint;
  /** what can be spent now: total − held − frozen */
  available: bigint;
};

/**
 * A wallet's balances. `held` includes what this process has reserved in memory (pending holds and settlements
 * being committed, see hot-ledger.ts), so it reads the same as the hold engine admits.
 */

export async function getWalletBalance(accountId: string): Promise<WalletBalance> {
  const { rows } = await sql<{ paid: bigint; trial: bigint; held: bigint; frozen: bigint }>(
    `select paid, trial, held, frozen from ledger_accounts where id = $1 and kind <> 'system'`,
    [accountId],
  );
  const stored = rows[0] ?? { paid: 0n, trial: 0n, held: 0n, frozen: 0n };
  const row = { ...stored, held: stored.held + reservedInMemory(accountId) };
  const total = row.paid + row.trial;
  return { accountId, ...row, total, available: total - row.held - row.frozen };
}
