/**
 * The home page's headline figures (spend today and this month, requests and tokens today), summed from the hourly
 * rollups: at most ~31 days × 24 hours × keys × models rows, whatever the size of the request log.
 */
import "server-only";
import { sql } from "../db";

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
  userId,
  timeZone,
  now = new Date(),
}: {
  userId: string;
  timeZone: string;
  now?: Date;
}): Promise<UsageSummary> {
  const { rows } = await sql<{
    spend_today: bigint;
    spend_month: bigint;
    requests_today: bigint;
    errors_today: bigint;
    tokens_today: bigint;
    requests_month: bigint;
  }>(
    `with bounds as (
       select date_trunc('day', $2::timestamptz at time zone $3) at time zone $3 as today,
              date_trunc('month', $2::timestamptz at time zone $3) at time zone $3 as month
     )
     select coalesce(sum(r.cost) filter (where r.hour >= b.today), 0)::bigint as spend_today,
            coalesce(sum(r.cost), 0)::bigint as spend_month,
            coalesce(sum(r.requests) filter (where r.hour >= b.today), 0)::bigint as requests_today,
            coalesce(sum(r.errors) filter (where r.hour >= b.today), 0)::bigint as errors_today,
            coalesce(sum(r.input_tokens + r.cache_read_tokens + r.cache_write_tokens + r.output_tokens + r.reasoning_tokens)
                       filter (where r.hour >= b.today), 0)::bigint as tokens_today,
            coalesce(sum(r.requests), 0)::bigint as requests_month
       from bounds b
       left join usage_rollups r on r.user_id = $1 and r.hour >= b.month and r.hour <= $2::timestamptz`,
    [userId, now, timeZone],
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
