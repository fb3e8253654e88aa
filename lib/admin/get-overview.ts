/**
 * The figures on the operator's home page, in one round trip.
 */
import "server-only";
import { sql } from "../db";

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
       (select count(*) from outbox_messages where status = 'failed')::bigint as failed_mail`,
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
  };
}
