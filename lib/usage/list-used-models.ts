/**
 * The models a customer has used (for the logs' model filter), from the rollups: a few thousand rows at most,
 * whatever the size of the log.
 */
import "server-only";
import { sql } from "../db";
import { binder, scopeWhere, type DataScope } from "./data-scope";

export async function listUsedModels({ scope }: { scope: DataScope }): Promise<string[]> {
  const values: unknown[] = [];
  const where = scopeWhere(scope, "", binder(values), { isRollup: true });
  const { rows } = await sql<{ model: string }>(`select distinct model from usage_rollups where ${where} order by model`, values);
  return rows.map((row) => row.model);
}
