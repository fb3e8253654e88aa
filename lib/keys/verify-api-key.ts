/**
 * Authenticate a presented secret: SHA-256 lookup, cached in memory (lib/keys/cache.ts; a cached key is found by the
 * secret itself, so the hash is computed only on a miss). Returns the key whatever its state (disabled, expired…):
 * the caller decides which error to give. Null when no such key exists.
 */
import "server-only";
import { sql } from "../db";
import { walletId } from "../billing/accounts";
import { cacheGet, cacheGetBySecret, cacheSet } from "./cache";
import { KEY_PATTERN, hashSecret } from "./secret";
import type { ApiKeyAuth } from "./types";

type Row = {
  id: string;
  name: string;
  user_id: string;
  org_id: string | null;
  membership_id: string | null;
  is_enabled: boolean;
  user_disabled: boolean;
  credit_cap: bigint;
  allowed_models: string[] | null;
  allowed_ips: string[] | null;
  expires_at: Date | null;
  rpm_limit: number | null;
  concurrency_limit: number;
  multiplier_ppm: number | null;
  member_removed: boolean;
};

export async function verifyApiKey(secret: string): Promise<ApiKeyAuth | null> {
  if (!KEY_PATTERN.test(secret)) return null;
  const known = cacheGetBySecret(secret);
  if (known !== undefined) return known;
  const hash = hashSecret(secret);
  const cached = cacheGet(hash);
  if (cached !== undefined) return cached;
  const { rows } = await sql<Row>(
    `select k.id, k.name, k.user_id, k.org_id, m.id as membership_id, k.is_enabled,
            (u.disabled_at is not null) as user_disabled, k.credit_cap, k.allowed_models, k.allowed_ips,
            k.expires_at, k.rpm_limit, k.concurrency_limit,
            coalesce(kg.multiplier_ppm, ug.multiplier_ppm) as multiplier_ppm,
            (k.org_id is not null and (m.id is null or m.removed_at is not null or o.deleted_at is not null or m.role = 'billing')) as member_removed
       from api_keys k
       join users u on u.id = k.user_id
       left join customer_groups kg on kg.id = k.group_id
       left join customer_groups ug on ug.id = u.group_id
       left join memberships m on m.org_id = k.org_id and m.user_id = k.user_id
       left join organizations o on o.id = k.org_id
      where k.secret_hash = $1 and k.deleted_at is null`,
    [hash],
  );
  const row = rows[0];
  if (!row) {
    cacheSet(hash, null, secret);
    return null;
  }
  const key: ApiKeyAuth = {
    id: row.id,
    name: row.name,
    userId: row.user_id,
    orgId: row.org_id,
    walletId: await walletId(row.org_id ? { orgId: row.org_id } : { userId: row.user_id }),
    membershipId: row.membership_id,
    isEnabled: row.is_enabled && !row.member_removed,
    isUserDisabled: row.user_disabled,
    creditCap: row.credit_cap,
    allowedModels: row.allowed_models ?? [],
    allowedIps: row.allowed_ips ?? [],
    expiresAt: row.expires_at,
    rpmLimit: row.rpm_limit,
    concurrencyLimit: row.concurrency_limit,
    groupMultiplierPpm: row.multiplier_ppm ?? 1_000_000,
  };
  cacheSet(hash, key, secret);
  return key;
}
