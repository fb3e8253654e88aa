/**
 * Spend and tokens over time for the home page's charts, by key and by model, from the hourly rollups (never the
 * request log). Daily = the last 30 days, weekly = the last 12 weeks (Monday first), monthly = the last 12 months,
 * all in the customer's time zone. Empty buckets are present with zeros so a chart's axis never skips.
 */
import "server-only";
import { sql } from "../db";
import { listKeyLabels } from "../keys/list-key-labels";
import { binder, scopeWhere, type DataScope } from "./data-scope";

export const GRANULARITIES = ["day", "week", "month"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const BUCKET_COUNT: Record<Granularity, number> = { day: 30, week: 12, month: 12 };

/** Series beyond this many keys or models are summed into one "other" series. */
export const MAX_SERIES = 6;
export const OTHER_SERIES = "__other";
export const NO_KEY_SERIES = "__none";

export type SeriesGroup = { id: string; label: string; isDeleted?: boolean };
export type SeriesValue = { cost: string; tokens: number; requests: number };
export type SeriesPoint = {
  /** ISO start of the bucket */
  start: string;
  total: SeriesValue;
  byKey: Record<string, SeriesValue>;
  byModel: Record<string, SeriesValue>;
};

export type UsageSeries = {
  granularity: Granularity;
  timeZone: string;
  points: SeriesPoint[];
  keys: SeriesGroup[];
  models: SeriesGroup[];
  total: SeriesValue;
};

type Row = { bucket: Date; api_key_id: string; model: string; requests: bigint; tokens: bigint; cost: bigint };

const ZERO_UUID = "00000000-0000-0000-0000-000000000000";

type Acc = { cost: bigint; tokens: number; requests: number };
const emptyAcc = (): Acc => ({ cost: 0n, tokens: 0, requests: 0 });
const add = (acc: Acc, row: Row) => {
  acc.cost += row.cost;
  acc.tokens += Number(row.tokens);
  acc.requests += Number(row.requests);
};
const toValue = (acc: Acc | undefined): SeriesValue => ({
  cost: (acc?.cost ?? 0n).toString(),
  tokens: acc?.tokens ?? 0,
  requests: acc?.requests ?? 0,
});

/** The top groups by spend (then tokens); the rest fold into OTHER_SERIES. */
function topGroups(totals: Map<string, Acc>): { kept: string[]; hasOther: boolean } {
  const ranked = [...totals.entries()]
    .filter(([, acc]) => acc.cost > 0n || acc.tokens > 0 || acc.requests > 0)
    .sort(([, a], [, b]) => (a.cost === b.cost ? b.tokens - a.tokens : a.cost > b.cost ? -1 : 1))
    .map(([id]) => id);
  if (ranked.length <= MAX_SERIES) return { kept: ranked, hasOther: false };
  return { kept: ranked.slice(0, MAX_SERIES - 1), hasOther: true };
}

export async function getUsageSeries({
  scope,
  granularity,
  timeZone,
  now = new Date(),
}: {
  scope: DataScope;
  granularity: Granularity;
  timeZone: string;
  now?: Date;
}): Promise<UsageSeries> {
  const count = BUCKET_COUNT[granularity];
  const step = `1 ${granularity}`;
  const values: unknown[] = [granularity, now, timeZone, count - 1, step];
  const where = scopeWhere(scope, "r", binder(values), { isRollup: true });
  const [bucketResult, rowResult, keyLabels] = await Promise.all([
    sql<{ start: Date }>(
      `select (gs at time zone $3) as start
         from generate_series(
           date_trunc($1, $2::timestamptz at time zone $3) - ($4::int * $5::interval),
           date_trunc($1, $2::timestamptz at time zone $3),
           $5::interval) gs
        order by 1`,
      [granularity, now, timeZone, count - 1, step],
    ),
    sql<Row>(
      `select date_trunc($1, r.hour at time zone $3) at time zone $3 as bucket, r.api_key_id, r.model,
              sum(r.requests)::bigint as requests,
              sum(r.input_tokens + r.cache_read_tokens + r.cache_write_tokens + r.output_tokens + r.reasoning_tokens)::bigint as tokens,
              sum(r.cost)::bigint as cost
         from usage_rollups r
        where ${where}
          and r.hour >= date_trunc($1, $2::timestamptz at time zone $3) at time zone $3 - ($4::int * $5::interval)
          and r.hour <= $2::timestamptz
        group by 1, 2, 3`,
      values,
    ),
    listKeyLabels({ scope }),
  ]);

  const keyOf = (row: Row) => (row.api_key_id === ZERO_UUID ? NO_KEY_SERIES : row.api_key_id);
  const keyTotals = new Map<string, Acc>();
  const modelTotals = new Map<string, Acc>();
  for (const row of rowResult.rows) {
    const key = keyOf(row);
    if (!keyTotals.has(key)) keyTotals.set(key, emptyAcc());
    add(keyTotals.get(key)!, row);
    if (!modelTotals.has(row.model)) modelTotals.set(row.model, emptyAcc());
    add(modelTotals.get(row.model)!, row);
  }
  const keyTop = topGroups(keyTotals);
  const modelTop = topGroups(modelTotals);
  const keptKeys = new Set(keyTop.kept);
  const keptModels = new Set(modelTop.kept);

  type BucketAcc = { total: Acc; byKey: Map<string, Acc>; byModel: Map<string, Acc> };
  const buckets = new Map<string, BucketAcc>();
  for (const { start } of bucketResult.rows) {
    buckets.set(start.toISOString(), { total: emptyAcc(), byKey: new Map(), byModel: new Map() });
  }
  const grandTotal = emptyAcc();
  for (const row of rowResult.rows) {
    const bucket = buckets.get(row.bucket.toISOString());
    if (!bucket) continue;
    add(bucket.total, row);
    add(grandTotal, row);
    const key = keptKeys.has(keyOf(row)) ? keyOf(row) : OTHER_SERIES;
    if (!bucket.byKey.has(key)) bucket.byKey.set(key, emptyAcc());
    add(bucket.byKey.get(key)!, row);
    const model = keptModels.has(row.model) ? row.model : OTHER_SERIES;
    if (!bucket.byModel.has(model)) bucket.byModel.set(model, emptyAcc());
    add(bucket.byModel.get(model)!, row);
  }

  const keyGroups: SeriesGroup[] = keyTop.kept.map((id) => {
    if (id === NO_KEY_SERIES) return { id, label: NO_KEY_SERIES };
    const label = keyLabels.get(id);
    return { id, label: label?.name ?? id.slice(0, 8), isDeleted: label?.isDeleted ?? false };
  });
  if (keyTop.hasOther) keyGroups.push({ id: OTHER_SERIES, label: OTHER_SERIES });
  const modelGroups: SeriesGroup[] = modelTop.kept.map((id) => ({ id, label: id }));
  if (modelTop.hasOther) modelGroups.push({ id: OTHER_SERIES, label: OTHER_SERIES });

  const points: SeriesPoint[] = [...buckets.entries()].map(([start, bucket]) => ({
    start,
    total: toValue(bucket.total),
    byKey: Object.fromEntries(keyGroups.map((g) => [g.id, toValue(bucket.byKey.get(g.id))])),
    byModel: Object.fromEntries(modelGroups.map((g) => [g.id, toValue(bucket.byModel.get(g.id))])),
  }));

  return { granularity, timeZone, points, keys: keyGroups, models: modelGroups, total: toValue(grandTotal) };
}
