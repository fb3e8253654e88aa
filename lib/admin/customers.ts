/**
 * Customers as operators see them: search by e-mail, name or organization; one customer's balance, keys, usage,
 * ledger entries and sessions; and the operator's actions on an account — adjust the balance (a ledger entry with
 * a reason), disable or enable the account (its keys and sessions stop at once), put it in a customer group.
 * Every action is audited here.
 */
import "server-only";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { getWalletBalance, walletId, type WalletBalance } from "../billing/accounts";
import { adjustWallet, usageSettlementsSql } from "../billing/ledger";
import { assignUserGroup } from "../billing/pricing";
import { sql } from "../db";
import { AppError } from "../errors";
import { invalidateKey } from "../keys/cache";
import { keyStatus, type KeyStatus } from "../keys/key-status";
import { LAST_USED_AT } from "../keys/list-api-keys";
import { maskedKey } from "../keys/secret";
import { formatUsd } from "../money";
import { revokeAllSessions } from "../auth/sessions";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type BalanceJson = { paid: string; trial: string; held: string; frozen: string; available: string };

export function balanceJson(balance: WalletBalance): BalanceJson {
  return { paid: balance.paid.toString(), trial: balance.trial.toString(), held: balance.held.toString(), frozen: balance.frozen.toString(), available: balance.available.toString() };
}

export type CustomerRow = {
  id: string;
  email: string;
  name: string | null;
  isOperator: boolean;
  isDisabled: boolean;
  group: string | null;
  orgs: string[];
  paid: string;
  trial: string;
  keys: number;
  spend30d: string;
  createdAt: string;
};

export const CUSTOMER_PAGE_SIZE = 50;

/**
 * Customers matching `query` (part of an e-mail, a name or an organization's name or slug), newest first; all
 * customers when the query is empty. `before` is the last row's createdAt|id for the next page.
 */
export async function searchCustomers({ query = "", before, limit = CUSTOMER_PAGE_SIZE }: { query?: string; before?: { createdAt: Date; id: string }; limit?: number } = {}): Promise<CustomerRow[]> {
  const pattern = query.trim() ? `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const { rows } = await sql<{
    id: string;
    email: string;
    name: string | null;
    is_operator: boolean;
    disabled_at: Date | null;
    group_name: string | null;
    orgs: string[] | null;
    paid: bigint | null;
    trial: bigint | null;
    keys: number;
    spend_30d: bigint;
    created_at: Date;
  }>(
    `select u.id, u.email, u.name, u.is_operator, u.disabled_at, g.name as group_name, u.created_at,
            (select array_agg(o.name order by o.name) from memberships m join organizations o on o.id = m.org_id
              where m.user_id = u.id and m.removed_at is null and o.deleted_at is null) as orgs,
            a.paid, a.trial,
            (select count(*)::int from api_keys k where k.user_id = u.id and k.deleted_at is null) as keys,
            (select coalesce(sum(r.cost), 0)::bigint from usage_rollups r where r.user_id = u.id and r.hour >= now() - interval '30 days') as spend_30d
       from users u
       left join customer_groups g on g.id = u.group_id
       left join ledger_accounts a on a.user_id = u.id
      where ($1::text is null or u.email ilike $1 or u.name ilike $1 or exists (
              select 1 from memberships m join organizations o on o.id = m.org_id
               where m.user_id = u.id and m.removed_at is null and (o.name ilike $1 or o.slug ilike $1)))
        and ($2::timestamptz is null or (u.created_at, u.id) < ($2::timestamptz, $3::uuid))
      order by u.created_at desc, u.id desc
      limit $4`,
    [pattern, before?.createdAt ?? null, before?.id ?? null, Math.min(Math.max(limit, 1), 200)],
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    isOperator: r.is_operator,
    isDisabled: r.disabled_at !== null,
    group: r.group_name,
    orgs: r.orgs ?? [],
    paid: (r.paid ?? 0n).toString(),
    trial: (r.trial ?? 0n).toString(),
    keys: r.keys,
    spend30d: r.spend_30d.toString(),
    createdAt: r.created_at.toISOString(),
  }));
}

export type CustomerKey = {
  id: string;
  name: string;
  masked: string;
  status: KeyStatus;
  org: string | null;
  creditCap: string;
  spent: string;
  lastUsedAt: string | null;
  createdAt: string;
};

/** `requests`: how many settlements a usage transaction sums (the hot path posts one per wallet per batch), else null. */
export type LedgerLine = { transactionId: string; kind: string; memo: string | null; requests: number | null; actor: string | null; paid: string; trial: string; at: string };
export type UsageDay = { day: string; requests: number; errors: number; cost: string };
export type UsageByModel = { model: string; requests: number; cost: string };

export type CustomerDetail = {
  id: string;
  email: string;
  name: string | null;
  isOperator: boolean;
  disabledAt: string | null;
  group: string | null;
  createdAt: string;
  orgs: { id: string; name: string; role: string }[];
  balance: BalanceJson;
  keys: CustomerKey[];
  usage: { days: UsageDay[]; models: UsageByModel[]; requests30d: number; cost30d: string };
  ledger: LedgerLine[];
  activeSessions: number;
};

export async function getCustomer({ id, now = new Date() }: { id: string; now?: Date }): Promise<CustomerDetail | null> {
  if (!UUID.test(id)) return null;
  const { rows } = await sql<{ id: string; email: string; name: string | null; is_operator: boolean; disabled_at: Date | null; group_name: string | null; created_at: Date }>(
    `select u.id, u.email, u.name, u.is_operator, u.disabled_at, g.name as group_name, u.created_at
       from users u left join customer_groups g on g.id = u.group_id where u.id = $1`,
    [id],
  );
  const user = rows[0];
  if (!user) return null;
  const accountId = await walletId({ userId: id });
  const [balance, keys, orgs, days, models, ledger, sessions] = await Promise.all([
    getWalletBalance(accountId),
    sql<{ id: string; name: string; prefix: string; last4: string; is_enabled: boolean; expires_at: Date | null; credit_cap: bigint; spent: bigint; org: string | null; last_used_at: Date | null; created_at: Date }>(
      `select k.id, k.name, k.prefix, k.last4, k.is_enabled, k.expires_at, k.credit_cap, k.spent, o.name as org, ${LAST_USED_AT} as last_used_at, k.created_at
         from api_keys k left join organizations o on o.id = k.org_id
        where k.user_id = $1 and k.deleted_at is null order by k.created_at desc limit 100`,
      [id],
    ),
    sql<{ id: string; name: string; role: string }>(
      `select o.id, o.name, m.role from memberships m join organizations o on o.id = m.org_id
        where m.user_id = $1 and m.removed_at is null and o.deleted_at is null order by o.name`,
      [id],
    ),
    sql<{ day: Date; requests: bigint; errors: bigint; cost: bigint }>(
      `select d.day, coalesce(sum(r.requests), 0)::bigint as requests, coalesce(sum(r.errors), 0)::bigint as errors, coalesce(sum(r.cost), 0)::bigint as cost
         from generate_series(date_trunc('day', $2::timestamptz at time zone 'UTC') - interval '29 days', date_trunc('day', $2::timestamptz at time zone 'UTC'), interval '1 day') as d(day)
         left join usage_rollups r on r.user_id = $1 and r.hour >= d.day at time zone 'UTC' and r.hour < (d.day + interval '1 day') at time zone 'UTC'
        group by d.day order by d.day`,
      [id, now],
    ),
    sql<{ model: string; requests: bigint; cost: bigint }>(
      `select model, sum(requests)::bigint as requests, sum(cost)::bigint as cost from usage_rollups
        where user_id = $1 and hour >= $2::timestamptz - interval '30 days' group by model order by sum(cost) desc, model limit 10`,
      [id, now],
    ),
    sql<{ id: string; kind: string; memo: string | null; requests: number | null; actor_email: string | null; actor_id: string | null; paid: bigint; trial: bigint; created_at: Date }>(
      `select t.id, t.kind, t.memo, case when t.kind = 'usage' then ${usageSettlementsSql("t")}::int end as requests, t.actor_id, u.email as actor_email, t.created_at,
              coalesce(sum(e.amount) filter (where e.bucket = 'paid'), 0)::bigint as paid,
              coalesce(sum(e.amount) filter (where e.bucket = 'trial'), 0)::bigint as trial
         from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
         left join users u on u.id::text = t.actor_id
        where e.account_id = $1
        group by t.id, u.email order by max(e.id) desc limit 50`,
      [accountId],
    ),
    sql<{ count: number }>(`select count(*)::int as count from auth_sessions where user_id = $1 and revoked_at is null and expires_at > now()`, [id]),
  ]);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isOperator: user.is_operator,
    disabledAt: user.disabled_at?.toISOString() ?? null,
    group: user.group_name,
    createdAt: user.created_at.toISOString(),
    orgs: orgs.rows,
    balance: balanceJson(balance),
    keys: keys.rows.map((k) => ({
      id: k.id,
      name: k.name,
      masked: maskedKey(k),
      status: user.disabled_at ? "disabled" : keyStatus({ isEnabled: k.is_enabled, expiresAt: k.expires_at, creditCap: k.credit_cap, spent: k.spent, now }),
      org: k.org,
      creditCap: k.credit_cap.toString(),
      spent: k.spent.toString(),
      lastUsedAt: k.last_used_at?.toISOString() ?? null,
      createdAt: k.created_at.toISOString(),
    })),
    usage: {
      days: days.rows.map((d) => ({ day: d.day.toISOString().slice(0, 10), requests: Number(d.requests), errors: Number(d.errors), cost: d.cost.toString() })),
      models: models.rows.map((m) => ({ model: m.model, requests: Number(m.requests), cost: m.cost.toString() })),
      requests30d: days.rows.reduce((sum, d) => sum + Number(d.requests), 0),
      cost30d: days.rows.reduce((sum, d) => sum + d.cost, 0n).toString(),
    },
    ledger: ledger.rows.map((l) => ({
      transactionId: l.id,
      kind: l.kind,
      memo: l.memo,
      requests: l.requests,
      actor: l.actor_email ?? l.actor_id,
      paid: l.paid.toString(),
      trial: l.trial.toString(),
      at: l.created_at.toISOString(),
    })),
    activeSessions: sessions.rows[0]?.count ?? 0,
  };
}

async function requireUser(id: string): Promise<{ id: string; email: string; is_operator: boolean; disabled_at: Date | null }> {
  if (!UUID.test(id)) throw new AppError("not_found", "No such customer");
  const { rows } = await sql<{ id: string; email: string; is_operator: boolean; disabled_at: Date | null }>(`select id, email, is_operator, disabled_at from users where id = $1`, [id]);
  if (!rows[0]) throw new AppError("not_found", "No such customer");
  return rows[0];
}

/**
 * Add (positive) or remove (negative) credit with a reason: one ledger transaction, audited with the balance
 * before and after. `requestKey` makes a double-submitted form move money once.
 */
export async function adjustCustomerBalance({
  userId,
  amount,
  reason,
  requestKey,
  actor,
}: {
  userId: string;
  amount: bigint;
  reason: string;
  requestKey: string;
  actor: AuditActor;
}): Promise<{ transactionId: string; isDuplicate: boolean; balance: BalanceJson }> {
  const user = await requireUser(userId);
  const memo = reason.trim();
  if (memo.length < 3) throw new AppError("bad_request", "Give a reason for the adjustment", { param: "reason" });
  const accountId = await walletId({ userId });
  const before = await getWalletBalance(accountId);
  const result = await adjustWallet({ owner: { userId }, amount, reason: memo, actorId: actor.id ?? undefined, idempotencyKey: `admin-adjust:${requestKey}` });
  const after = await getWalletBalance(accountId);
  if (!result.isDuplicate) {
    await recordAudit({
      actor,
      action: "wallet.adjust",
      targetType: "user",
      targetId: userId,
      details: { email: user.email, amount, display: formatUsd(amount), reason: memo, transactionId: result.transactionId, before: before.total, after: after.total },
    });
  }
  return { ...result, balance: balanceJson(after) };
}

/**
 * Disable or enable an account. Disabling ends its console sessions and evicts its keys from every instance's key
 * cache, so the next request with any of them is refused at once; enabling lets them work again.
 */
export async function setCustomerDisabled({ userId, isDisabled, reason, actor }: { userId: string; isDisabled: boolean; reason?: string; actor: AuditActor }): Promise<{ disabledAt: string | null; sessionsEnded: number }> {
  const user = await requireUser(userId);
  if (isDisabled && actor.id === userId) throw new AppError("conflict", "You cannot disable your own account");
  const { rows } = await sql<{ disabled_at: Date | null }>(
    `update users set disabled_at = case when $2 then coalesce(disabled_at, now()) else null end, updated_at = now() where id = $1 returning disabled_at`,
    [userId, isDisabled],
  );
  const keys = await sql<{ id: string }>(`select id from api_keys where user_id = $1`, [userId]);
  for (const key of keys.rows) invalidateKey(key.id);
  const sessionsEnded = isDisabled ? await revokeAllSessions(userId) : 0;
  await recordAudit({
    actor,
    action: isDisabled ? "user.disable" : "user.enable",
    targetType: "user",
    targetId: userId,
    details: { email: user.email, ...(reason?.trim() ? { reason: reason.trim() } : {}), keys: keys.rows.length, sessionsEnded },
  });
  return { disabledAt: rows[0].disabled_at?.toISOString() ?? null, sessionsEnded };
}

/** Put a customer in a group (its multiplier applies to their next request) or take them out. Audited by pricing. */
export async function setCustomerGroup({ userId, group, actor }: { userId: string; group: string | null; actor: AuditActor }): Promise<void> {
  const user = await requireUser(userId);
  await assignUserGroup({ email: user.email, group, actor });
}
