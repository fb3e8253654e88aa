/**
 * Every change a customer makes to a key goes through here: the key must be theirs and not deleted, else it is
 * "not found" (never "forbidden", so ids of other customers' keys reveal nothing).
 */
import "server-only";
import type pg from "pg";
import { sql } from "../db";
import { AppError } from "../errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export type OwnedKeyRow = { id: string; name: string; org_id: string | null; is_enabled: boolean; expires_at: Date | null };

/** Run an UPDATE … RETURNING scoped to this customer's live key; throws not_found when nothing matched. */
export async function updateOwnedKey({
  userId,
  keyId,
  set,
  values = [],
  client,
}: {
  userId: string;
  keyId: string;
  /** SET clause; parameters start at $3 */
  set: string;
  values?: unknown[];
  client?: pg.PoolClient;
}): Promise<OwnedKeyRow> {
  if (!isUuid(keyId)) throw new AppError("not_found", "No such key");
  const { rows } = await sql<OwnedKeyRow>(
    `update api_keys set ${set}, updated_at = now()
      where id = $1 and user_id = $2 and deleted_at is null
      returning id, name, org_id, is_enabled, expires_at`,
    [keyId, userId, ...values],
    client,
  );
  if (!rows[0]) throw new AppError("not_found", "No such key");
  return rows[0];
}

export async function findOwnedKey({ userId, keyId }: { userId: string; keyId: string }): Promise<OwnedKeyRow> {
  if (!isUuid(keyId)) throw new AppError("not_found", "No such key");
  const { rows } = await sql<OwnedKeyRow>(
    `select id, name, org_id, is_enabled, expires_at from api_keys where id = $1 and user_id = $2 and deleted_at is null`,
    [keyId, userId],
  );
  if (!rows[0]) throw new AppError("not_found", "No such key");
  return rows[0];
}
