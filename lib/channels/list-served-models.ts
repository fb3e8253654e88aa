/** The models some enabled channel serves: what a key can call (the filter /v1/models applies to the priced catalog). */
import "server-only";
import { sql } from "../db";

export async function listServedModelIds(): Promise<Set<string>> {
  const { rows } = await sql<{ model: string }>(`select distinct unnest(models) as model from channels where is_enabled`);
  return new Set(rows.map((row) => row.model));
}
