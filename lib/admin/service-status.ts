/**
 * Availability and latency from the hourly rollups. Availability is the share of requests routed to a channel that
 * were answered without an error; requests refused before routing (bad key, no balance, limits) say nothing about
 * the service and are left out. Latency is the mean over those requests. The operator's view has every model and
 * channel; the public view (getPublicStatus) has the visible models an enabled channel serves and never names a channel.
 */
import "server-only";
import { listServedModelIds } from "../channels/list-served-models";
import { sql } from "../db";
import { singleton } from "../singleton";

const NIL_UUID = "00000000-0000-0000-0000-000000000000";

export type StatusFigures = { requests: number; errors: number; availability: number | null; meanLatencyMs: number | null };
export type StatusBucket = StatusFigures & { start: string };
export type StatusSubject = StatusFigures & { id: string; label: string; hours: StatusBucket[] };

/** The last 24 hours of every model together (the operator's overview). */
export type OverallStatus = {
  from: string;
  to: string;
  overall: StatusFigures;
  /** every model's requests together, hour by hour */
  overallHours: StatusBucket[];
};

export type ServiceStatus = OverallStatus & { models: StatusSubject[]; channels: StatusSubject[] };

type Row = { id: string; label: string | null; start: Date; requests: bigint; errors: bigint; latency: bigint };

function statusFigures(requests: number, errors: number, latencySum: number): StatusFigures {
  return {
    requests,
    errors,
    availability: requests === 0 ? null : (requests - errors) / requests,
    meanLatencyMs: requests === 0 ? null : Math.round(latencySum / requests),
  };
}

/** Group bucketed rows into subjects with a full series of buckets (empty ones included). */
function subjects(rows: Row[], starts: Date[]): StatusSubject[] {
  const byId = new Map<string, { label: string; buckets: Map<number, Row> }>();
  for (const row of rows) {
    const entry = byId.get(row.id) ?? { label: row.label ?? row.id, buckets: new Map() };
    entry.buckets.set(row.start.getTime(), row);
    byId.set(row.id, entry);
  }
  return [...byId.entries()]
    .map(([id, { label, buckets }]) => {
      let requests = 0;
      let errors = 0;
      let latency = 0;
      const hours = starts.map((start) => {
        const row = buckets.get(start.getTime());
        const r = Number(row?.requests ?? 0n);
        const e = Number(row?.errors ?? 0n);
        const l = Number(row?.latency ?? 0n);
        requests += r;
        errors += e;
        latency += l;
        return { start: start.toISOString(), ...statusFigures(r, e, l) };
      });
      return { id, label, hours, ...statusFigures(requests, errors, latency) };
    })
    .sort((a, b) => b.requests - a.requests || a.label.localeCompare(b.label));
}

/** Every subject's rows added up hour by hour: the rows of one subject, "all". */
function summedByHour(rows: Row[]): Row[] {
  const byStart = new Map<number, Row>();
  for (const row of rows) {
    const at = row.start.getTime();
    const sum = byStart.get(at);
    byStart.set(at, sum ? { ...sum, requests: sum.requests + row.requests, errors: sum.errors + row.errors, latency: sum.latency + row.latency } : { ...row, id: "all", label: null });
  }
  return [...byStart.values()];
}

function bucketStarts({ end, count, sizeMs }: { end: Date; count: number; sizeMs: number }): Date[] {
  return Array.from({ length: count }, (_, i) => new Date(end.getTime() - (count - i) * sizeMs));
}

function nextHour(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 + 3_600_000);
}

type Window = { starts: Date[]; end: Date };

/** The 24 hours up to the end of the current one. */
function last24Hours(now: Date): Window {
  const end = nextHour(now);
  return { starts: bucketStarts({ end, count: 24, sizeMs: 3_600_000 }), end };
}

async function modelRows({ starts, end }: Window): Promise<Row[]> {
  const { rows } = await sql<Row>(
    `select r.model as id, null as label, r.hour as start, sum(r.requests)::bigint as requests, sum(r.errors)::bigint as errors,
            sum(r.latency_ms_sum)::bigint as latency
       from usage_rollups r where r.hour >= $1 and r.hour < $2 and r.channel_id <> $3::uuid
      group by r.model, r.hour`,
    [starts[0], end, NIL_UUID],
  );
  return rows;
}

function overallOf(rows: Row[], { starts, end }: Window): OverallStatus {
  const [overall] = subjects(summedByHour(rows), starts);
  return {
    from: starts[0].toISOString(),
    to: end.toISOString(),
    overall: overall ? { requests: overall.requests, errors: overall.errors, availability: overall.availability, meanLatencyMs: overall.meanLatencyMs } : statusFigures(0, 0, 0),
    overallHours: overall?.hours ?? starts.map((start) => ({ start: start.toISOString(), ...statusFigures(0, 0, 0) })),
  };
}

/** Every model together over the last 24 hours by hour: the overview's figures, without the per-subject series. */
export async function getOverallStatus({ now = new Date() }: { now?: Date } = {}): Promise<OverallStatus> {
  const window = last24Hours(now);
  return overallOf(await modelRows(window), window);
}

/** The operator's status: the last 24 hours by hour, per model and per channel. */
export async function getServiceStatus({ now = new Date() }: { now?: Date } = {}): Promise<ServiceStatus> {
  const window = last24Hours(now);
  const [models, channels] = await Promise.all([
    modelRows(window),
    sql<Row>(
      `select r.channel_id as id, c.name as label, r.hour as start, sum(r.requests)::bigint as requests, sum(r.errors)::bigint as errors,
              sum(r.latency_ms_sum)::bigint as latency
         from usage_rollups r left join channels c on c.id = r.channel_id
        where r.hour >= $1 and r.hour < $2 and r.channel_id <> $3::uuid
        group by r.channel_id, c.name, r.hour`,
      [window.starts[0], window.end, NIL_UUID],
    ),
  ]);
  return { ...overallOf(models, window), models: subjects(models, window.starts), channels: subjects(channels.rows, window.starts) };
}

export type PublicModelStatus = {
  id: string;
  last24h: StatusFigures;
  last7d: StatusFigures;
  /** 7 daily buckets, oldest first */
  days: StatusBucket[];
  /** 24 hourly buckets, oldest first */
  hours: StatusBucket[];
};

export type PublicStatus = { generatedAt: string; overall24h: StatusFigures; overall7d: StatusFigures; models: PublicModelStatus[] };

const PUBLIC_CACHE_MS = 30_000;

async function loadPublicStatus(now: Date): Promise<PublicStatus> {
  const end = nextHour(now);
  const hourStarts = bucketStarts({ end, count: 24, sizeMs: 3_600_000 });
  const dayEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const dayStarts = bucketStarts({ end: dayEnd, count: 7, sizeMs: 86_400_000 });
  const [listed, servedIds, hourly, daily] = await Promise.all([
    sql<{ id: string }>(`select id from models where is_visible order by id`),
    listServedModelIds(),
    sql<Row>(
      `select r.model as id, null as label, r.hour as start, sum(r.requests)::bigint as requests, sum(r.errors)::bigint as errors, sum(r.latency_ms_sum)::bigint as latency
         from usage_rollups r where r.hour >= $1 and r.hour < $2 and r.channel_id <> $3::uuid group by r.model, r.hour`,
      [hourStarts[0], end, NIL_UUID],
    ),
    sql<Row>(
      `select r.model as id, null as label, date_trunc('day', r.hour at time zone 'UTC') at time zone 'UTC' as start,
              sum(r.requests)::bigint as requests, sum(r.errors)::bigint as errors, sum(r.latency_ms_sum)::bigint as latency
         from usage_rollups r where r.hour >= $1 and r.hour < $2 and r.channel_id <> $3::uuid group by 1, 3`,
      [dayStarts[0], dayEnd, NIL_UUID],
    ),
  ]);
  // like /v1/models: a visible model no enabled channel serves cannot be called, so it has no status to show
  const visible = listed.rows.filter((r) => servedIds.has(r.id));
  const isVisible = new Set(visible.map((r) => r.id));
  const hours = new Map(subjects(hourly.rows.filter((r) => isVisible.has(r.id)), hourStarts).map((s) => [s.id, s]));
  const days = new Map(subjects(daily.rows.filter((r) => isVisible.has(r.id)), dayStarts).map((s) => [s.id, s]));
  const empty = (starts: Date[]) => starts.map((start) => ({ start: start.toISOString(), ...statusFigures(0, 0, 0) }));
  const models = visible.map(({ id }) => {
    const h = hours.get(id);
    const d = days.get(id);
    return {
      id,
      last24h: h ? statusFigures(h.requests, h.errors, (h.meanLatencyMs ?? 0) * h.requests) : statusFigures(0, 0, 0),
      last7d: d ? statusFigures(d.requests, d.errors, (d.meanLatencyMs ?? 0) * d.requests) : statusFigures(0, 0, 0),
      days: d?.hours ?? empty(dayStarts),
      hours: h?.hours ?? empty(hourStarts),
    };
  });
  const sum = (pick: (m: PublicModelStatus) => StatusFigures) =>
    models.reduce((acc, m) => ({ requests: acc.requests + pick(m).requests, errors: acc.errors + pick(m).errors, latency: acc.latency + (pick(m).meanLatencyMs ?? 0) * pick(m).requests }), { requests: 0, errors: 0, latency: 0 });
  const s24 = sum((m) => m.last24h);
  const s7 = sum((m) => m.last7d);
  return { generatedAt: now.toISOString(), overall24h: statusFigures(s24.requests, s24.errors, s24.latency), overall7d: statusFigures(s7.requests, s7.errors, s7.latency), models };
}

/** The public status page's data: cached briefly in memory, since anyone may load it. */
export async function getPublicStatus({ now = new Date(), isFresh = false }: { now?: Date; isFresh?: boolean } = {}): Promise<PublicStatus> {
  const cache = singleton<{ value: PublicStatus | null; at: number }>("admin.public-status", () => ({ value: null, at: 0 }));
  if (!isFresh && cache.value && now.getTime() - cache.at < PUBLIC_CACHE_MS) return cache.value;
  const value = await loadPublicStatus(now);
  cache.value = value;
  cache.at = now.getTime();
  return value;
}
