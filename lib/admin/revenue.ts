/**
 * Revenue for operators: what customers paid for usage against what the upstreams cost (each request's
 * upstream_cost, from its channel's cost ratio), and the margin between them — per day, model, channel and
 * customer over a range of whole UTC days. Read from the hourly rollups only.
 */
import "server-only";
import { sql } from "../db";

import type { RevenueRange } from "./constants";

const NIL_UUID = "00000000-0000-0000-0000-000000000000";

export type RevenueFigures = { requests: number; revenue: string; upstreamCost: string; margin: string };
export type RevenueDay = RevenueFigures & { day: string };
/** `isDeleted`: a channel deleted since (its rows keep its id; the console names it so instead of showing the id) */
export type RevenueGroup = RevenueFigures & { id: string; label: string; isDeleted?: boolean };

export type RevenueReport = {
  days: number;
  from: string;
  to: string;
  total: RevenueFigures;
  byDay: RevenueDay[];
  byModel: RevenueGroup[];
  byChannel: RevenueGroup[];
  byCustomer: RevenueGroup[];
};

type Sums = { requests: bigint; revenue: bigint; upstream_cost: bigint };

function figures(row: Sums | undefined): RevenueFigures {
  const revenue = row?.revenue ?? 0n;
  const upstream = row?.upstream_cost ?? 0n;
  return { requests: Number(row?.requests ?? 0n), revenue: revenue.toString(), upstreamCost: upstream.toString(), margin: (revenue - upstream).toString() };
}

const SUMS = `sum(r.requests)::bigint as requests, sum(r.cost)::bigint as revenue, sum(r.upstream_cost)::bigint as upstream_cost`;
const TOP = 25;
/** a breakdown lists what moved money: a model, channel or customer with only failed requests is not revenue */
const MOVED_MONEY = `having sum(r.cost) <> 0 or sum(r.upstream_cost) <> 0`;

export async function getRevenue({ days = 30, now = new Date() }: { days?: RevenueRange; now?: Date } = {}): Promise<RevenueReport> {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const start = new Date(end.getTime() - days * 86_400_000);
  const range = [start, end];
  const [byDay, byModel, byChannel, byCustomer, total] = await Promise.all([
    sql<Sums & { day: Date }>(
      `select d.day, coalesce(sum(r.requests), 0)::bigint as requests, coalesce(sum(r.cost), 0)::bigint as revenue,
              coalesce(sum(r.upstream_cost), 0)::bigint as upstream_cost
         from generate_series($1::timestamptz, $2::timestamptz - interval '1 day', interval '1 day') as d(day)
         left join usage_rollups r on r.hour >= d.day and r.hour < d.day + interval '1 day'
        group by d.day order by d.day`,
      range,
    ),
    sql<Sums & { id: string }>(
      `select r.model as id, ${SUMS} from usage_rollups r where r.hour >= $1 and r.hour < $2
        group by r.model ${MOVED_MONEY} order by sum(r.cost) desc, r.model limit ${TOP}`,
      range,
    ),
    sql<Sums & { id: string; label: string | null }>(
      `select r.channel_id as id, c.name as label, ${SUMS} from usage_rollups r left join channels c on c.id = r.channel_id
        where r.hour >= $1 and r.hour < $2 group by r.channel_id, c.name ${MOVED_MONEY} order by sum(r.cost) desc, c.name limit ${TOP}`,
      range,
    ),
    sql<Sums & { id: string; label: string | null }>(
      `select r.user_id as id, u.email as label, ${SUMS} from usage_rollups r left join users u on u.id = r.user_id
        where r.hour >= $1 and r.hour < $2 group by r.user_id, u.email ${MOVED_MONEY} order by sum(r.cost) desc, u.email limit ${TOP}`,
      range,
    ),
    sql<Sums>(`select coalesce(sum(r.requests), 0)::bigint as requests, coalesce(sum(r.cost), 0)::bigint as revenue, coalesce(sum(r.upstream_cost), 0)::bigint as upstream_cost from usage_rollups r where r.hour >= $1 and r.hour < $2`, range),
  ]);
  return {
    days,
    from: start.toISOString(),
    to: end.toISOString(),
    total: figures(total.rows[0]),
    byDay: byDay.rows.map((r) => ({ day: r.day.toISOString().slice(0, 10), ...figures(r) })),
    byModel: byModel.rows.map((r) => ({ id: r.id, label: r.id, ...figures(r) })),
    // requests that never reached a channel (refused before routing) carry the nil id
    byChannel: byChannel.rows.map((r) => ({ id: r.id, label: r.id === NIL_UUID ? "" : (r.label ?? r.id.slice(0, 8)), ...(r.label === null && r.id !== NIL_UUID ? { isDeleted: true } : {}), ...figures(r) })),
    byCustomer: byCustomer.rows.map((r) => ({ id: r.id, label: r.label ?? r.id, ...figures(r) })),
  };
}
