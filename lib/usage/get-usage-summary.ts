/**
 * The home page's headline figures (spend today and this month, requests and tokens today), summed from the hourly
 * rollups: at most ~31 days × 24 hours × keys × models rows, whatever the size of the request log.
 */
import "server-only";
import { sql } from "../db";
import { binder, scopeWhere, type DataScope } from "./data-scope";

export type UsageSummary = {
  /** micro-units, as strings */
  spendToday: string;
  spendThisMonth: string;
  requestsToday: number;
  errorsToday: number;
  tokensToday: number;
  requestsThisMonth: number;
  timeZone: string;
};

export async function getUsageSummary({
  scope,
  timeZone,
  now = new Date(),
}: {
  scope: DataScope;
  timeZone: string;
  now?: Date;
}): Promise<UsageSummary> {
  const values: unknown[] = [now, timeZone];
  const where = scopeWhere(scope, "r", binder(values), { isRollup: true });
  const { rows } = await sql<{
    spend_today: bigint;
    spend_month: bigint;
    requests_today: bigint;
    errors_today: bigint;
    tokens_today: bigint;
    requests_month: bigint;
  }>(
    `with bounds as (
       select date_trunc('day', $1::timestamptz at time zone $2) at time zone $2 as today,
              date_trunc('month', $1::timestamptz at time zone $2) at time zone $2 as month
     )
     select coalesce(sum(r.cost) filter (where r.hour >= b.today), 0)::bigint as spend_today,
            coalesce(sum(r.cost), 0)::bigint as spend_month,
            coalesce(sum(r.requests) filter (where r.hour >= b.today), 0)::bigint as requests_today,
            coalesce(sum(r.errors) filter (where r.hour >= b.today), 0)::bigint as errors_today,
            coalesce(sum(r.input_tokens + r.cache_read_tokens + r.cache_write_tokens + r.output_tokens + r.reasoning_tokens)
                       filter (where r.hour >= b.today), 0)::bigint as tokens_today,
            coalesce(sum(r.requests), 0)::bigint as requests_month
       from bounds b
       left join usage_rollups r on ${where} and r.hour >= b.month and r.hour <= $1::timestamptz`,
    values,
  );
  const row = rows[0];
  return {
    spendToday: row.spend_today.toString(),
    spendThisMonth: row.spend_month.toString(),
    requestsToday: Number(row.requests_today),
    errorsToday: Number(row.errors_today),
    tokensToday: Number(row.tokens_today),
    requestsThisMonth: Number(row.requests_month),
    timeZone,
  };
}
