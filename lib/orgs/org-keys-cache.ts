/**
 * Keeping the relay's key cache honest after membership changes: a removed member's keys, a changed allowance or
 * role, a deleted organization must be seen by the very next request on every instance.
 */
import "server-only";
import type pg from "pg";
import { sql } from "../db";
import { invalidateKey } from "../keys/cache";

/** Evict every key of the organization (or of one member in it) from the cache, here and on every instance. */
export async function evictOrgKeys({ orgId, userId = null, client }: { orgId: string; userId?: string | null; client?: pg.PoolClient }): Promise<number> {
  const { rows } = await sql<{ id: string }>(
    `select id from api_keys where org_id = $1 and ($2::uuid is null or user_id = $2) and deleted_at is null`,
    [orgId, userId],
    client,
  );
  for (const row of rows) invalidateKey(row.id);
  return rows.length;
}

/** Disable the organization's keys (of one member, or all), within the caller's transaction. Returns their ids. */
export async function disableOrgKeysWithin(client: pg.PoolClient, { orgId, userId = null }: { orgId: string; userId?: string | null }): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `update api_keys set is_enabled = false, updated_at = now()
      where org_id = $1 and ($2::uuid is null or user_id = $2) and deleted_at is null and is_enabled
      returning id`,
    [orgId, userId],
  );
  return rows.map((row) => row.id);
}
