/**
 * Whether a scope has made any request at all, from the hourly rollups (one index probe): the console home greets a
 * new account and shows the first-request steps until it has.
 */
import "server-only";
import { sql } from "../db";
import { binder, scopeWhere, type DataScope } from "./data-scope";

export async function hasMadeRequests({ scope }: { scope: DataScope }): Promise<boolean> {
  const values: unknown[] = [];
  const where = scopeWhere(scope, "r", binder(values), { isRollup: true });
  const { rows } = await sql<{ found: boolean }>(`select exists (select 1 from usage_rollups r where ${where}) as found`, values);
  return rows[0]?.found ?? false;
}
