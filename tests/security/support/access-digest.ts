/**
 * A fingerprint of every table in the test database (row count and a hash of every row as text), for tests that
 * prove an operation wrote nothing, and the full text of every table, for tests that prove a secret is nowhere.
 */
import { sql } from "../../../lib/db";

async function tableNames(): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  return rows.map((row) => row.table_name);
}

/** `ignore`: columns left out per table (a counter that a lookup may bump without changing what the row says). */
export async function databaseDigest({ ignore = {} }: { ignore?: Record<string, string[]> } = {}): Promise<Record<string, string>> {
  const digest: Record<string, string> = {};
  for (const table of await tableNames()) {
    const { rows } = await sql<{ n: string; hash: string | null }>(
      `select count(*)::text as n, md5(string_agg((to_jsonb(t) - $1::text[])::text, '|' order by (to_jsonb(t) - $1::text[])::text)) as hash from "${table}" t`,
      [ignore[table] ?? []],
    );
    digest[table] = `${rows[0].n}:${rows[0].hash ?? "-"}`;
  }
  return digest;
}

/** Every row of every table as text, like a plain-text dump: table name → rows. */
export async function databaseDump(): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const table of await tableNames()) {
    const { rows } = await sql<{ row: string }>(`select t::text as row from "${table}" t`);
    dump[table] = rows.map((row) => row.row);
  }
  return dump;
}
