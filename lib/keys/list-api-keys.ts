/**
 * A customer's keys with their limits and usage, for the keys table. Spend and requests over the last 30 days come
 * from the hourly rollups; "used" against the cap is the key's lifetime spend kept by the ledger.
 */
import "server-only";
import { sql } from "../db";
import { AppError } from "../errors";
import { binder, scopeWhere, type DataScope } from "../usage/data-scope";
import { isUuid } from "./owned-key";
import { keyStatus, type KeyStatus } from "./key-status";
import { maskedKey } from "./secret";

export type ApiKeySummary = {
  id: string;
  name: string;
  /** sk-…abcd */
  masked: string;
  status: KeyStatus;
  isEnabled: boolean;
  /** micro-units as strings; creditCap "0" = unlimited */
  creditCap: string;
  spent: string;
  held: string;
  allowedModels: string[];
  allowedIps: string[];
  expiresAt: string | null;
  rpmLimit: number | null;
  concurrencyLimit: number;
  lastUsedAt: string | null;
  createdAt: string;
  spend30d: string;
  requests30d: number;
  /** who made the key (organization keys: admins see every member's) */
  ownerId: string;
  ownerEmail: string;
};

type Row = {
  id: string;
  name: string;
  prefix: string;
  last4: string;
  is_enabled: boolean;
  credit_cap: bigint;
  spent: bigint;
  held: bigint;
  allowed_models: string[] | null;
  allowed_ips: string[] | null;
  expires_at: Date | null;
  rpm_limit: number | null;
  concurrency_limit: number;
  last_used_at: Date | null;
  created_at: Date;
  spend_30d: bigint;
  requests_30d: bigint;
  user_id: string;
  owner_email: string;
};

/**
 * When a key last made a request: its newest request-log row (an index lookup), since the relay does not write
 * api_keys.last_used_at on its hot path; the column still counts when something set it (the usage seeder).
 */
export const LAST_USED_AT = `greatest(k.last_used_at, (select max(l.created_at) from request_logs l where l.api_key_id = k.id))`;

const select = (nowParam: string) => `select k.id, k.name, k.prefix, k.last4, k.is_enabled, k.credit_cap, k.spent, k.held, k.allowed_models,
         k.allowed_ips, k.expires_at, k.rpm_limit, k.concurrency_limit, ${LAST_USED_AT} as last_used_at, k.created_at,
         coalesce(u.cost, 0)::bigint as spend_30d, coalesce(u.requests, 0)::bigint as requests_30d,
         k.user_id, o.email as owner_email
    from api_keys k
    join users o on o.id = k.user_id
    left join lateral (
      select sum(r.cost) as cost, sum(r.requests) as requests
        from usage_rollups r
       where r.user_id = k.user_id and r.api_key_id = k.id and r.hour >= ${nowParam}::timestamptz - interval '30 days'
    ) u on true`;

function toSummary(row: Row, now: Date): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    masked: maskedKey(row),
    status: keyStatus({ isEnabled: row.is_enabled, expiresAt: row.expires_at, creditCap: row.credit_cap, spent: row.spent, now }),
    isEnabled: row.is_enabled,
    creditCap: row.credit_cap.toString(),
    spent: row.spent.toString(),
    held: row.held.toString(),
    allowedModels: row.allowed_models ?? [],
    allowedIps: row.allowed_ips ?? [],
    expiresAt: row.expires_at?.toISOString() ?? null,
    rpmLimit: row.rpm_limit,
    concurrencyLimit: row.concurrency_limit,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    spend30d: row.spend_30d.toString(),
    requests30d: Number(row.requests_30d),
    ownerId: row.user_id,
    ownerEmail: row.owner_email,
  };
}

/** The live keys of a scope (personal keys, one member's org keys, or every key of an organization). */
export async function listApiKeys({ scope, now = new Date() }: { scope: DataScope; now?: Date }): Promise<ApiKeySummary[]> {
  const values: unknown[] = [now];
  const where = scopeWhere(scope, "k", binder(values));
  const { rows } = await sql<Row>(`${select("$1")} where ${where} and k.deleted_at is null order by k.created_at desc, k.id desc`, values);
  return rows.map((row) => toSummary(row, now));
}

/** One key in this scope; a key outside it (or a deleted key) is not found. */
export async function getApiKey({ scope, keyId, now = new Date() }: { scope: DataScope; keyId: string; now?: Date }): Promise<ApiKeySummary> {
  if (!isUuid(keyId)) throw new AppError("not_found", "No such key");
  const values: unknown[] = [keyId, now];
  const where = scopeWhere(scope, "k", binder(values));
  const { rows } = await sql<Row>(`${select("$2")} where k.id = $1 and ${where} and k.deleted_at is null`, values);
  if (!rows[0]) throw new AppError("not_found", "No such key");
  return toSummary(rows[0], now);
}
