/**
 * Test fixtures for the billing tests: users with funded wallets, API keys and organization memberships, seeded
 * through the ledger's own functions.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "../../db";
import { walletId } from "../accounts";
import { creditWallet } from "../ledger";

export async function fundedWallet({ paid = 0n, trial = 0n, email }: { paid?: bigint; trial?: bigint; email?: string } = {}): Promise<{ userId: string; walletId: string }> {
  const { rows } = await sql<{ id: string }>(`insert into users (email) values ($1) returning id`, [email ?? `u-${randomUUID()}@example.com`]);
  const userId = rows[0].id;
  const wallet = await walletId({ userId });
  if (paid > 0n) await creditWallet({ owner: { userId }, amount: paid, bucket: "paid", source: "card_payments", kind: "topup", idempotencyKey: `seed-paid:${userId}` });
  if (trial > 0n) await creditWallet({ owner: { userId }, amount: trial, bucket: "trial", source: "promotions", kind: "trial", idempotencyKey: `seed-trial:${userId}` });
  return { userId, walletId: wallet };
}

export async function apiKeyRow({ userId, creditCap = 0n }: { userId: string; creditCap?: bigint }): Promise<{ id: string; creditCap: bigint }> {
  const { rows } = await sql<{ id: string }>(
    `insert into api_keys (user_id, name, secret_hash, prefix, last4, credit_cap) values ($1, 'test', $2, 'sk-test', 'abcd', $3) returning id`,
    [userId, randomBytes(16).toString("hex"), creditCap.toString()],
  );
  return { id: rows[0].id, creditCap };
}

export async function orgMembership({ monthlyAllowance }: { monthlyAllowance: bigint }): Promise<{ orgId: string; orgWalletId: string; membershipId: string; userId: string }> {
  const org = await sql<{ id: string }>(`insert into organizations (name, slug) values ('Org', $1) returning id`, [`org-${randomUUID()}`]);
  const orgId = org.rows[0].id;
  const user = await sql<{ id: string }>(`insert into users (email) values ($1) returning id`, [`m-${randomUUID()}@example.com`]);
  const userId = user.rows[0].id;
  const membership = await sql<{ id: string }>(
    `insert into memberships (org_id, user_id, role, monthly_allowance) values ($1, $2, 'member', $3) returning id`,
    [orgId, userId, monthlyAllowance.toString()],
  );
  return { orgId, orgWalletId: await walletId({ orgId }), membershipId: membership.rows[0].id, userId };
}
