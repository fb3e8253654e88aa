import { describe, expect, it } from "vitest";
import { personalScope } from "../lib/usage/data-scope";
import { sql } from "../lib/db";
import { getUsageSeries } from "../lib/usage/get-usage-series";
import { seedUsage } from "./seed-usage";

// The small version of the 10-million-row benchmark seed (docs/benchmarks.md): same code, a few thousand rows.
describe("seed-usage", () => {
  it("generates request logs for one customer and rollups that add up to them", async () => {
    const now = new Date("2025-06-15T12:00:00Z");
    const result = await seedUsage({ email: "seed@example.com", password: "a long enough password", rows: 5_000, days: 20, keys: 3, chunk: 2_000, isReset: false, now });
    expect(result.keyIds).toHaveLength(3);
    const logs = await sql<{ n: bigint; cost: bigint; first: Date; last: Date; keys: bigint }>(
      `select count(*) as n, sum(cost)::bigint as cost, min(created_at) as first, max(created_at) as last, count(distinct api_key_id) as keys
         from request_logs where user_id = $1`,
      [result.userId],
    );
    expect(logs.rows[0].n).toBe(5_000n);
    expect(logs.rows[0].keys).toBe(3n);
    expect(logs.rows[0].last.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(now.getTime() - logs.rows[0].first.getTime()).toBeLessThanOrEqual(20 * 86_400_000 + 1000);
    const rollups = await sql<{ n: bigint; cost: bigint }>(
      `select sum(requests)::bigint as n, sum(cost)::bigint as cost from usage_rollups where user_id = $1`,
      [result.userId],
    );
    expect(rollups.rows[0]).toEqual({ n: 5_000n, cost: logs.rows[0].cost });
    expect(logs.rows[0].cost).toBeGreaterThan(0n);
    const series = await getUsageSeries({ scope: personalScope(result.userId), granularity: "day", timeZone: "UTC", now });
    expect(series.total.cost).toBe(logs.rows[0].cost.toString());

    // running again with --reset replaces the rows instead of adding to them
    await seedUsage({ email: "seed@example.com", password: "unused", rows: 1_000, days: 5, keys: 3, chunk: 1_000, isReset: true, now });
    const again = await sql<{ n: bigint }>(`select count(*) as n from request_logs where user_id = $1`, [result.userId]);
    expect(again.rows[0].n).toBe(1_000n);
  });
});
