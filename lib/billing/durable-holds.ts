/**
 * Durable holds: the simple, obviously-correct hold engine. Every hold is a row in `holds` and every reservation
 * moves the cached `held` columns of the wallet, the API key and the member's allowance month in ONE database
 * transaction, through conditional updates that cannot over-reserve. One transaction per call, so it is the
 * reference the in-memory hot path (holds.ts) is compared against, and the engine for holds that must survive
 * a restart.
 */
import "server-only";
import type pg from "pg";
import { sql } from "../db";
import { AppError } from "../errors";
import { systemAccountId } from "./accounts";
import {
  DEFAULT_HOLD_TTL_MS,
  allowanceExceeded,
  insufficientBalance,
  keyCapExceeded,
  maxBigint,
  minBigint,
  splitCharge,
  usageKey,
  usageLegs,
  utcMonth,
  validateHoldRequest,
  validateSettleInput,
  type Hold,
  type HoldRequest,
  type SettleInput,
  type SettleResult,
} from "./hold-types";
import { inRetriedTransaction, inTransaction, notifyBalanceChange, postWithin } from "./ledger";

type HoldRow = {
  id: string;
  account_id: string;
  api_key_id: string | null;
  membership_id: string | null;
  allowance_month: string | null;
  amount: bigint;
  status: "pending" | "settled" | "voided" | "expired";
  settled_amount: bigint | null;
  expires_at: Date;
};

function toHold(row: HoldRow): Hold {
  return {
    id: row.id,
    walletId: row.account_id,
    amount: row.amount,
    apiKeyId: row.api_key_id,
    membershipId: row.membership_id,
    allowanceMonth: row.allowance_month,
    expiresAt: row.expires_at,
  };
}

/** Reserve `amount` against the wallet, the key's cap and the member's allowance, all or nothing. */
export async function placeDurableHold(req: HoldRequest): Promise<Hold> {
  validateHoldRequest(req);
  const { walletId, amount, idempotencyKey, apiKey, member, ttlMs = DEFAULT_HOLD_TTL_MS } = req;
  const month = member ? utcMonth() : null;
  return inTransaction(async (client) => {
    const inserted = await sql<HoldRow>(
      `insert into holds (account_id, api_key_id, membership_id, allowance_month, amount, idempotency_key, expires_at)
       values ($1, $2, $3, $4, $5, $6, now() + $7 * interval '1 millisecond')
       on conflict (idempotency_key) do nothing returning *`,
      [walletId, apiKey?.id ?? null, member?.membershipId ?? null, month, amount.toString(), idempotencyKey, ttlMs],
      client,
    );
    if (inserted.rowCount === 0) {
      const existing = await sql<HoldRow>(`select * from holds where idempotency_key = $1`, [idempotencyKey], client);
      if (existing.rows[0].account_id !== walletId) throw new AppError("conflict", "This idempotency key was used for another wallet");
      return toHold(existing.rows[0]);
    }
    const wallet = await sql<{ available: bigint }>(
      `update ledger_accounts set held = held + $2 where id = $1 and kind <> 'system' and paid + trial - held - frozen >= $2
       returning paid + trial - held - frozen as available`,
      [walletId, amount.toString()],
      client,
    );
    if (wallet.rowCount === 0) {
      const current = await sql<{ available: bigint }>(`select paid + trial - held - frozen as available from ledger_accounts where id = $1 and kind <> 'system'`, [walletId], client);
      if (current.rowCount === 0) throw new AppError("not_found", "No such wallet");
      throw insufficientBalance(amount, current.rows[0].available);
    }
    if (apiKey) {
      const key = await sql(
        `update api_keys set held = held + $2 where id = $1 and ($3::bigint = 0 or spent + held + $2 <= $3::bigint)`,
        [apiKey.id, amount.toString(), apiKey.creditCap.toString()],
        client,
      );
      if (key.rowCount === 0) {
        const current = await sql<{ used: bigint }>(`select spent + held as used from api_keys where id = $1`, [apiKey.id], client);
        if (current.rowCount === 0) throw new AppError("not_found", "No such API key");
        throw keyCapExceeded(amount, apiKey.creditCap, current.rows[0].used);
      }
    }
    if (member) {
      const allowance = member.monthlyAllowance;
      if (allowance > 0n && amount > allowance) throw allowanceExceeded(amount, allowance, 0n);
      const usage = await sql(
        `insert into allowance_usage (membership_id, month, held) values ($1, $2, $3)
         on conflict (membership_id, month) do update set held = allowance_usage.held + excluded.held
           where $4::bigint = 0 or allowance_usage.spent + allowance_usage.held + excluded.held <= $4::bigint`,
        [member.membershipId, month, amount.toString(), allowance.toString()],
        client,
      );
      if (usage.rowCount === 0) {
        const current = await sql<{ used: bigint }>(`select spent + held as used from allowance_usage where membership_id = $1 and month = $2`, [member.membershipId, month], client);
        throw allowanceExceeded(amount, allowance, current.rows[0]?.used ?? 0n);
      }
    }
    return toHold(inserted.rows[0]);
  });
}

async function lockHold(client: pg.PoolClient, holdId: string): Promise<HoldRow> {
  const { rows } = await sql<HoldRow>(`select * from holds where id = $1 for update`, [holdId], client);
  if (!rows[0]) throw new AppError("not_found", "No such hold");
  return rows[0];
}

/** Release what a pending hold reserved on the wallet, the key and the allowance month. */
async function release(client: pg.PoolClient, row: HoldRow, { spent }: { spent: bigint }): Promise<void> {
  const reserved = row.status === "pending" ? row.amount : 0n;
  if (reserved > 0n) await sql(`update ledger_accounts set held = held - $2 where id = $1`, [row.account_id, reserved.toString()], client);
  if (row.api_key_id && (reserved > 0n || spent > 0n)) {
    await sql(`update api_keys set held = held - $2, spent = spent + $3 where id = $1`, [row.api_key_id, reserved.toString(), spent.toString()], client);
  }
  if (row.membership_id && row.allowance_month && (reserved > 0n || spent > 0n)) {
    await sql(
      `insert into allowance_usage (membership_id, month, spent) values ($1, $2, $4)
       on conflict (membership_id, month) do update set held = allowance_usage.held - $3, spent = allowance_usage.spent + $4`,
      [row.membership_id, row.allowance_month, reserved.toString(), spent.toString()],
      client,
    );
  }
}

/**
 * Post the actual cost of a held request. See holds.ts for the contract; a hold that already expired is still
 * charged (from whatever the wallet has, the rest a loss), so a request outliving its hold is not served free.
 */
export async function settleDurableHold(hold: Hold, input: SettleInput): Promise<SettleResult> {
  validateSettleInput(input);
  const { cost, requestId, memo, metadata } = input;
  const [revenueId, lossesId] = await Promise.all([systemAccountId("usage_revenue"), systemAccountId("losses")]);
  const result = await inRetriedTransaction(async (client) => {
    const row = await lockHold(client, hold.id);
    if (row.status === "settled" || row.status === "voided") return { charged: 0n, loss: 0n, isDuplicate: true };
    const reserved = row.status === "pending" ? row.amount : 0n;
    const { rows } = await sql<{ paid: bigint; trial: bigint; held: bigint; frozen: bigint }>(
      `select paid, trial, held, frozen from ledger_accounts where id = $1 for update`,
      [row.account_id],
      client,
    );
    const wallet = rows[0];
    const free = wallet.paid + wallet.trial - wallet.held - wallet.frozen + reserved;
    const charged = minBigint(cost, maxBigint(0n, free));
    const loss = cost - charged;
    await sql(`update holds set status = 'settled', settled_amount = $2, resolved_at = now() where id = $1`, [row.id, cost.toString()], client);
    await release(client, row, { spent: cost });
    if (cost > 0n) {
      const { fromTrial, fromPaid } = splitCharge(charged, wallet.trial);
      const { transactionId } = await postWithin(client, {
        kind: "usage",
        idempotencyKey: usageKey(row.id),
        requestId,
        memo,
        metadata: { settlements: 1 },
        legs: usageLegs({ walletId: row.account_id, fromTrial, fromPaid, cost, loss, revenueId, lossesId }),
      });
      // the hold row is locked and was pending or expired: this is its one posting (the primary key would refuse a second)
      await sql(
        `insert into usage_postings (hold_id, transaction_id, request_id, api_key_id, membership_id, allowance_month, cost, charged, from_trial, loss, memo, metadata)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [row.id, transactionId, requestId, row.api_key_id, row.membership_id, row.allowance_month, cost.toString(), charged.toString(), fromTrial.toString(), loss.toString(), memo ?? null, metadata ?? null],
        client,
      );
    }
    return { charged, loss, isDuplicate: false };
  });
  if (!result.isDuplicate) notifyBalanceChange([hold.walletId]);
  return result;
}

/** Release a hold without charging (the request failed before any output). A second resolution is a no-op. */
export async function voidDurableHold(hold: Hold): Promise<{ isDuplicate: boolean }> {
  const result = await inRetriedTransaction(async (client) => {
    const row = await lockHold(client, hold.id);
    if (row.status !== "pending") return { isDuplicate: true };
    await sql(`update holds set status = 'voided', resolved_at = now() where id = $1`, [row.id], client);
    await release(client, row, { spent: 0n });
    return { isDuplicate: false };
  });
  if (!result.isDuplicate) notifyBalanceChange([hold.walletId]);
  return result;
}

/** Expire durable holds past their expiry, releasing everything they reserved. Returns how many expired. */
export async function expireDurableHolds(now: Date = new Date()): Promise<number> {
  let expired = 0;
  for (;;) {
    const batch = await inTransaction(async (client) => {
      const { rows } = await sql<HoldRow>(
        `select * from holds where status = 'pending' and expires_at <= $1 order by expires_at limit 200 for update skip locked`,
        [now],
        client,
      );
      for (const row of rows) {
        await sql(`update holds set status = 'expired', resolved_at = now() where id = $1`, [row.id], client);
        await release(client, row, { spent: 0n });
      }
      return rows;
    });
    expired += batch.length;
    if (batch.length > 0) notifyBalanceChange([...new Set(batch.map((r) => r.account_id))]);
    if (batch.length < 200) return expired;
  }
}
