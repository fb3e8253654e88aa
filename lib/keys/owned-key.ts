/**
 * Every change to a key goes through here: the key must be in the caller's scope (lib/usage/data-scope.ts: their
 * own personal keys, their own keys in an organization, or — for org admins — every key of the organization) and
 * not deleted, else it is "not found" (never "forbidden", so ids of other customers' keys reveal nothing).
 */
import "server-only";
import type pg from "pg";
import { sql } from "../db";
import { AppError } from "../errors";
import type { DataScope } from "../usage/data-scope";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export type OwnedKeyRow = { id: string; name: string; user_id: string; org_id: string | null; is_enabled: boolean; expires_at: Date | null };

/** $1 = key id, $2 = the scope's user (null: any member of the org); the org is the last parameter. */
function scopeParams(scope: DataScope): { userId: string | null; orgId: string | null } {
  return scope.kind === "personal" ? { userId: scope.userId, orgId: null } : { userId: scope.userId, orgId: scope.orgId };
}

/** Run an UPDATE … RETURNING scoped to a live key in this scope; throws not_found when nothing matched. */
export async function updateOwnedKey({
  scope,
  keyId,
  set,
  values = [],
  client,
}: {
  scope: DataScope;
  keyId: string;
  /** SET clause; parameters start at $3 */
  set: string;
  values?: unknown[];
  client?: pg.PoolClient;
}): Promise<OwnedKeyRow> {
  if (!isUuid(keyId)) throw new AppError("not_found", "No such key");
  const { userId, orgId } = scopeParams(scope);
  const orgParam = `$${values.length + 3}`;
  const { rows } = await sql<OwnedKeyRow>(
    `update api_keys set ${set}, updated_at = now()
      where id = $1 and ($2::uuid is null or user_id = $2::uuid) and org_id is not distinct from ${orgParam}::uuid and deleted_at is null
      returning id, name, user_id, org_id, is_enabled, expires_at`,
    [keyId, userId, ...values, orgId],
    client,
  );
  if (!rows[0]) throw new AppError("not_found", "No such key");
  return rows[0];
}

export async function findOwnedKey({ scope, keyId }: { scope: DataScope; keyId: string }): Promise<OwnedKeyRow> {
  if (!isUuid(keyId)) throw new AppError("not_found", "No such key");
  const { userId, orgId } = scopeParams(scope);
  const { rows } = await sql<OwnedKeyRow>(
    `select id, name, user_id, org_id, is_enabled, expires_at from api_keys
      where id = $1 and ($2::uuid is null or user_id = $2::uuid) and org_id is not distinct from $3::uuid and deleted_at is null`,
    [keyId, userId, orgId],
  );
  if (!rows[0]) throw new AppError("not_found", "No such key");
  return rows[0];
}
