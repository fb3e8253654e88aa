/**
 * Ledger accounts: one wallet per customer and per organization, plus system accounts that are the other side
 * of every movement. Wallets keep cached balances (paid, trial, held, frozen); system accounts do not (their
 * balance is the sum of their entries), so no hot row serializes every settlement.
 */
import "server-only";
import type pg from "pg";
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

export type WalletRow = { paid: bigint; trial: bigint; held: bigint; frozen: bigint };

/**
 * A wallet's balances as the hold engine sees them: `held` includes what this process has reserved in memory
 * (pending holds and settlements being committed, see hot-ledger.ts), which the row does not show. Every reader
 * that decides how much money is free (balances, adjustments, refunds, freezes) goes through here. With `client`
 * and `isLocking`, the row stays locked for the rest of that transaction. Undefined when there is no such wallet.
 */
export async function readWallet({
  accountId,
  client,
  isLocking = false,
}: {
  accountId: string;
  client?: pg.PoolClient;
  isLocking?: boolean;
}): Promise<WalletRow | undefined> {
  const { rows } = await sql<WalletRow>(
    `select paid, trial, held, frozen from ledger_accounts where id = $1 and kind <> 'system'${isLocking ? " for update" : ""}`,
    [accountId],
    client,
  );
  const stored = rows[0];
  return stored && { ...stored, held: stored.held + reservedInMemory(accountId) };
}

export async function getWalletBalance(accountId: string): Promise<WalletBalance> {
  const row = (await readWallet({ accountId })) ?? { paid: 0n, trial: 0n, held: 0n, frozen: 0n };
  const total = row.paid + row.trial;
  return { accountId, ...row, total, available: total - row.held - row.frozen };
}
