/**
 * An organization's usage by member: per member this month (UTC, what the allowance counts) and over the last 30
 * days, and a daily spend series with one line per member (the top ones; the rest fold into "other"). From the
 * hourly rollups, never the request log, so it stays fast whatever the log's size.
 */
import "server-only";
import { utcMonth } from "../billing/hold-types";
import { sql } from "../db";
import { MAX_SERIES, OTHER_SERIES } from "../usage/get-usage-series";

export type MemberUsageRow = {
  userId: string;
  email: string;
  name: string | null;
  /** null for people no longer in the organization (their history stays) */
  membershipId: string | null;
  role: string | null;
  /** micro-units as strings */
  monthlyAllowance: string;
  spentThisMonth: string;
  cost30d: string;
  requests30d: number;
  tokens30d: number;
};

export type MemberSeries = {
  days: string[];
  members: { id: string; label: string }[];
  /** per day, cost (micro-units string) by member id (OTHER_SERIES for the rest) */
  points: { day: string; byMember: Record<string, string> }[];
};

export async function getMemberUsage({ orgId, now = new Date() }: { orgId: string; now?: Date }): Promise<MemberUsageRow[]> {
  const { rows } = await sql<{
    user_id: string;
    email: string;
    name: string | null;
    membership_id: string | null;
    role: string | null;
    monthly_allowance: bigint | null;
    spent_month: bigint | null;
    cost_30d: bigint;
    requests_30d: bigint;
    tokens_30d: bigint;
  }>(
    `with usage as (
       select r.user_id, sum(r.cost)::bigint as cost_30d, sum(r.requests)::bigint as requests_30d,
              sum(r.input_tokens + r.cache_read_tokens + r.cache_write_tokens + r.output_tokens + r.reasoning_tokens)::bigint as tokens_30d
         from usage_rollups r
        where r.org_id = $1 and r.hour >= $2::timestamptz - interval '30 days' and r.hour <= $2::timestamptz
        group by r.user_id
     ), people as (
       select user_id from memberships where org_id = $1 and removed_at is null
       union select user_id from usage
     )
     select p.user_id, u.email, u.name, m.id as membership_id, m.role, m.monthly_allowance, a.spent as spent_month,
            coalesce(x.cost_30d, 0)::bigint as cost_30d, coalesce(x.requests_30d, 0)::bigint as requests_30d, coalesce(x.tokens_30d, 0)::bigint as tokens_30d
       from people p
       join users u on u.id = p.user_id
       left join memberships m on m.org_id = $1 and m.user_id = p.user_id and m.removed_at is null
       left join allowance_usage a on a.membership_id = m.id and a.month = $3
       left join usage x on x.user_id = p.user_id
      order by coalesce(x.cost_30d, 0) desc, lower(u.email)`,
    [orgId, now, utcMonth(now)],
  );
  return rows.map((row) => ({
    userId: row.user_id,
    email: row.email,
    name: row.name,
    membershipId: row.membership_id,
    role: row.role,
    monthlyAllowance: (row.monthly_allowance ?? 0n).toString(),
    spentThisMonth: (row.spent_month ?? 0n).toString(),
    cost30d: row.cost_30d.toString(),
    requests30d: Number(row.requests_30d),
    tokens30d: Number(row.tokens_30d),
  }));
}

/** Daily spend (UTC days) over the last 30 days, one series per member. */
export async function getMemberSeries({ orgId, members, now = new Date() }: { orgId: string; members: MemberUsageRow[]; now?: Date }): Promise<MemberSeries> {
  const { rows } = await sql<{ day: Date; user_id: string; cost: bigint }>(
    `select date_trunc('day', r.hour at time zone 'UTC') as day, r.user_id, sum(r.cost)::bigint as cost
       from usage_rollups r
      where r.org_id = $1 and r.hour >= date_trunc('day', $2::timestamptz at time zone 'UTC') at time zone 'UTC' - interval '29 days'
        and r.hour <= $2::timestamptz
      group by 1, 2`,
    [orgId, now],
  );
  const ranked = members.filter((member) => BigInt(member.cost30d) > 0n);
  const kept = ranked.length <= MAX_SERIES ? ranked : ranked.slice(0, MAX_SERIES - 1);
  const keptIds = new Set(kept.map((member) => member.userId));
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const days = Array.from({ length: 30 }, (_, index) => new Date(today.getTime() - (29 - index) * 86_400_000).toISOString().slice(0, 10));
  const byDay = new Map(days.map((day) => [day, new Map<string, bigint>()]));
  for (const row of rows) {
    const bucket = byDay.get(new Date(Date.UTC(row.day.getFullYear(), row.day.getMonth(), row.day.getDate())).toISOString().slice(0, 10));
    if (!bucket) continue;
    const id = keptIds.has(row.user_id) ? row.user_id : OTHER_SERIES;
    bucket.set(id, (bucket.get(id) ?? 0n) + row.cost);
  }
  const groups = kept.map((member) => ({ id: member.userId, label: member.name ?? member.email }));
  if (ranked.length > kept.length) groups.push({ id: OTHER_SERIES, label: OTHER_SERIES });
  return {
    days,
    members: groups,
    points: days.map((day) => ({ day, byMember: Object.fromEntries([...(byDay.get(day) ?? new Map<string, bigint>())].map(([id, cost]) => [id, cost.toString()])) })),
  };
}
