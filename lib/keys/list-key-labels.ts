/**
 * How a customer's keys are named in usage views (logs, charts, CSV), deleted keys included: their history stays.
 */
import "server-only";
import { sql } from "../db";
import { binder, scopeWhere, type DataScope } from "../usage/data-scope";
import { maskedKey } from "./secret";

export type KeyLabel = { id: string; name: string; masked: string; isDeleted: boolean };

export async function listKeyLabels({ scope }: { scope: DataScope }): Promise<Map<string, KeyLabel>> {
  const values: unknown[] = [];
  const where = scopeWhere(scope, "", binder(values));
  const { rows } = await sql<{ id: string; name: string; prefix: string; last4: string; deleted_at: Date | null }>(
    `select id, name, prefix, last4, deleted_at from api_keys where ${where} order by created_at`,
    values,
  );
  return new Map(
    rows.map((row) => [row.id, { id: row.id, name: row.name, masked: maskedKey(row), isDeleted: row.deleted_at !== null }]),
  );
}
