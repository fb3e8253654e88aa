/**
 * Recompute a customer's hourly rollups from their request log (the seed script, repairs after a bulk import, and
 * tests). Normal traffic never needs this: the relay adds to the rollups as each request settles.
 */
import "server-only";
import type pg from "pg";
import { pool, sql } from "../db";

export async function rebuildUsageRollups({ userId }: { userId: string }): Promise<number> {
  const client: pg.PoolClient = await pool().connect();
  try {
    await client.query("BEGIN");
    await sql(`delete from usage_rollups where user_id = $1`, [userId], client);
    const { rowCount } = await sql(
      `insert into usage_rollups (hour, user_id, org_id, api_key_id, model, channel_id, requests, errors, input_tokens,
              cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost, upstream_cost, latency_ms_sum)
       select date_trunc('hour', l.created_at at time zone 'UTC') at time zone 'UTC', l.user_id,
              coalesce(l.org_id, '00000000-0000-0000-0000-000000000000'),
              coalesce(l.api_key_id, '00000000-0000-0000-0000-000000000000'), l.model,
              coalesce(l.channel_id, '00000000-0000-0000-0000-000000000000'),
              count(*), count(*) filter (where l.status >= 400), sum(l.input_tokens), sum(l.cache_read_tokens),
              sum(l.cache_write_tokens), sum(l.output_tokens), sum(l.reasoning_tokens), sum(l.cost), sum(l.upstream_cost),
              sum(l.latency_ms)
         from request_logs l
        where l.user_id = $1
        group by 1, 2, 3, 4, 5, 6`,
      [userId],
      client,
    );
    await client.query("COMMIT");
    return rowCount ?? 0;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
