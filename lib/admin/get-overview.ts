/**
 * The figures on the operator's home page, in one round trip: customers, keys, balances, mail; the last 24 hours'
 * charges (the same hourly buckets as the status page); channels and whether this instance's router has taken any
 * out; refund requests waiting for a decision.
 */
import "server-only";
import { sql } from "../db";
import { channelHealth } from "../relay/routing/health";

export type AdminOverview = {
  users: number;
  operators: number;
  newUsers7d: number;
  activeKeys: number;
  /** every key ever created, deleted ones included */
  totalKeys: number;
  walletPaid: bigint;
  walletTrial: bigint;
  walletHeld: bigint;
  keptMail: number;
  failedMail: number;
  /** what customers were charged and what it cost upstream over the last 24 hourly buckets */
  revenue24h: bigint;
  upstreamCost24h: bigint;
  enabledChannels: number;
  totalChannels: number;
  /** enabled channels whose circuit is open or probing on this instance */
  takenOut: { id: string; name: string }[];
  waitingRefunds: number;
};

export async function getAdminOverview(): Promise<AdminOverview> {
  const { rows } = await sql<{
    users: bigint;
    operators: bigint;
    new_users_7d: bigint;
    active_keys: bigint;
    total_keys: bigint;
    wallet_paid: bigint;
    wallet_trial: bigint;
    wallet_held: bigint;
    kept_mail: bigint;
    failed_mail: bigint;
    revenue_24h: bigint;
    upstream_cost_24h: bigint;
    total_channels: bigint;
    enabled_channels: { id: string; name: string }[];
    waiting_refunds: bigint;
  }>(
    `select
       (select count(*) from users)::bigint as users,
       (select count(*) from users where is_operator)::bigint as operators,
       (select count(*) from users where created_at > now() - interval '7 days')::bigint as new_users_7d,
       (select count(*) from api_keys where deleted_at is null and is_enabled and (expires_at is null or expires_at > now()))::bigint as active_keys,
       (select count(*) from api_keys)::bigint as total_keys, -- "created in all": deleted keys too
       (select coalesce(sum(paid), 0) from ledger_accounts where kind <> 'system')::bigint as wallet_paid,
       (select coalesce(sum(trial), 0) from ledger_accounts where kind <> 'system')::bigint as wallet_trial,
       (select coalesce(sum(held), 0) from ledger_accounts where kind <> 'system')::bigint as wallet_held,
       (select count(*) from outbox_messages where status = 'kept')::bigint as kept_mail,
       (select count(*) from outbox_messages where status = 'failed')::bigint as failed_mail,
       (select coalesce(sum(cost), 0) from usage_rollups where hour >= date_trunc('hour', now()) - interval '23 hours')::bigint as revenue_24h,
       (select coalesce(sum(upstream_cost), 0) from usage_rollups where hour >= date_trunc('hour', now()) - interval '23 hours')::bigint as upstream_cost_24h,
       (select count(*) from channels)::bigint as total_channels,
       (select coalesce(json_agg(json_build_object('id', id, 'name', name) order by name), '[]') from channels where is_enabled) as enabled_channels,
       (select count(*) from refund_requests where status = 'requested')::bigint as waiting_refunds`,
  );
  const row = rows[0];
  return {
    users: Number(row.users),
    operators: Number(row.operators),
    newUsers7d: Number(row.new_users_7d),
    activeKeys: Number(row.active_keys),
    totalKeys: Number(row.total_keys),
    walletPaid: row.wallet_paid,
    walletTrial: row.wallet_trial,
    walletHeld: row.wallet_held,
    keptMail: Number(row.kept_mail),
    failedMail: Number(row.failed_mail),
    revenue24h: row.revenue_24h,
    upstreamCost24h: row.upstream_cost_24h,
    enabledChannels: row.enabled_channels.length,
    totalChannels: Number(row.total_channels),
    takenOut: row.enabled_channels.filter((channel) => channelHealth(channel.id).state !== "closed"),
    waitingRefunds: Number(row.waiting_refunds),
  };
}
