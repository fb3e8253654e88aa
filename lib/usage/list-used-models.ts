/**
 * The models a customer has used (for the logs' model filter), from the rollups: a few thousand rows at most,
 * whatever the size of the log.
 */
import "server-only";
import { sql } from "../db";

export async function listUsedModels({ userId }: { userId: string }): Promise<string[]> {
  const { rows } = await sql<{ model: string }>(
    `select distinct model from usage_rollups where user_id = $1 order by model`,
    [userId],
  );
  return rows.map((row) => row.model);
}
