/**
 * The relay's request log: one row per request (metadata only — never prompt or completion text), written in
 * batches so the hot path never waits on the database, and the hourly usage_rollups updated in the same statement
 * from exactly the rows that were inserted (a request id seen twice is written and counted once).
 */
import "server-only";
import type pg from "pg";
import { pool } from "../db";
import { numberArray, textArray } from "../db/array-param";
import { jsonParam } from "../db/json-param";
import { logger } from "../log";
import { singleton } from "../singleton";

export type RequestLogRow = {
  requestId: string;
  createdAt: Date;
  userId: string;
  orgId: string | null;
  membershipId: string | null;
  apiKeyId: string | null;
  endpoint: string;
  model: string;
  channelId: string | null;
  attempts: number;
  isStream: boolean;
  status: number;
  errorCode: string | null;
  /** input tokens not read from or written to a cache */
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** output tokens other than reasoning */
  outputTokens: number;
  reasoningTokens: number;
  imageCount: number;
  cost: bigint;
  upstreamCost: bigint;
  latencyMs: number;
  ttftMs: number | null;
  usageEstimated: boolean;
  clientIp: string | null;
  /** missing | invalid | clamped (lib/relay/final-usage.ts); absent: the upstream's report was billed as is */
  usageFlag?: string | null;
  /** attempts that failed on a channel before the one this row names (channel_attempt_failures) */
  failedAttempts?: AttemptFailure[] | null;
};

/** One failed attempt: the channel, and what its failure would have answered (status, error code). */
export type AttemptFailure = { channelId: string; status: number; errorCode: string };

const BATCH_SIZE = 500;
const FLUSH_DELAY_MS = 25;

type Writer = { queue: RequestLogRow[]; timer: NodeJS.Timeout | null; flushing: Promise<void> | null };
const writer = () => singleton<Writer>("usage.request-log-writer", () => ({ queue: [], timer: null, flushing: null }));

const ZERO = "00000000-0000-0000-0000-000000000000";

const INSERT = `
with ins as (
  insert into request_logs (request_id, created_at, user_id, org_id, membership_id, api_key_id, endpoint, model, channel_id,
                            attempts, is_stream, status, error_code, input_tokens, cache_read_tokens, cache_write_tokens,
                            output_tokens, reasoning_tokens, image_count, cost, upstream_cost, latency_ms, ttft_ms,
                            usage_estimated, client_ip, usage_flag)
  -- created_at travels as epoch milliseconds: serialising a Date costs more than the rest of the row
  select request_id, to_timestamp(created_at_ms / 1000.0), user_id, org_id, membership_id, api_key_id, endpoint, model,
         channel_id, attempts, is_stream, status, error_code, input_tokens, cache_read_tokens, cache_write_tokens,
         output_tokens, reasoning_tokens, image_count, cost, upstream_cost, latency_ms, ttft_ms, usage_estimated, client_ip,
         usage_flag
    from unnest($1::text[], $2::bigint[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::uuid[],
                $10::int[], $11::bool[], $12::int[], $13::text[], $14::int[], $15::int[], $16::int[], $17::int[], $18::int[],
                $19::int[], $20::bigint[], $21::bigint[], $22::int[], $23::int[], $24::bool[], $25::text[], $26::text[])
      as r(request_id, created_at_ms, user_id, org_id, membership_id, api_key_id, endpoint, model, channel_id, attempts,
           is_stream, status, error_code, input_tokens, cache_read_tokens, cache_write_tokens, output_tokens,
           reasoning_tokens, image_count, cost, upstream_cost, latency_ms, ttft_ms, usage_estimated, client_ip, usage_flag)
  on conflict (request_id) do nothing
  returning created_at, user_id, org_id, api_key_id, model, channel_id, status, input_tokens, cache_read_tokens,
            cache_write_tokens, output_tokens, reasoning_tokens, cost, upstream_cost, latency_ms
)
insert into usage_rollups (hour, user_id, org_id, api_key_id, model, channel_id, requests, errors, input_tokens,
                           cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost, upstream_cost,
                           latency_ms_sum)
select date_trunc('hour', created_at at time zone 'UTC') at time zone 'UTC', user_id, coalesce(org_id, '${ZERO}'),
       coalesce(api_key_id, '${ZERO}'), model, coalesce(channel_id, '${ZERO}'), count(*),
       count(*) filter (where status >= 400), sum(input_tokens), sum(cache_read_tokens), sum(cache_write_tokens),
       sum(output_tokens), sum(reasoning_tokens), sum(cost), sum(upstream_cost), sum(latency_ms)
  from ins group by 1, 2, 3, 4, 5, 6
on conflict (hour, user_id, org_id, api_key_id, model, channel_id) do update set
  requests = usage_rollups.requests + excluded.requests,
  errors = usage_rollups.errors + excluded.errors,
  input_tokens = usage_rollups.input_tokens + excluded.input_tokens,
  cache_read_tokens = usage_rollups.cache_read_tokens + excluded.cache_read_tokens,
  cache_write_tokens = usage_rollups.cache_write_tokens + excluded.cache_write_tokens,
  output_tokens = usage_rollups.output_tokens + excluded.output_tokens,
  reasoning_tokens = usage_rollups.reasoning_tokens + excluded.reasoning_tokens,
  cost = usage_rollups.cost + excluded.cost,
  upstream_cost = usage_rollups.upstream_cost + excluded.upstream_cost,
  latency_ms_sum = usage_rollups.latency_ms_sum + excluded.latency_ms_sum`;

/**
 * The batch as one array parameter per column (lib/db/array-param.ts): PostgreSQL unpacks arrays with less work than
 * one json parameter, and building them costs less than JSON.stringify (docs/benchmarks.md, "Session 18"). Amounts
 * as decimal text, so none passes through a float.
 */
function batchColumns(rows: RequestLogRow[]): string[] {
  const column = <T>(read: (row: RequestLogRow) => T): T[] => rows.map(read);
  return [
    textArray(column((r) => r.requestId)),
    numberArray(column((r) => r.createdAt.getTime())),
    textArray(column((r) => r.userId)),
    textArray(column((r) => r.orgId)),
    textArray(column((r) => r.membershipId)),
    textArray(column((r) => r.apiKeyId)),
    textArray(column((r) => r.endpoint)),
    textArray(column((r) => r.model)),
    textArray(column((r) => r.channelId)),
    numberArray(column((r) => r.attempts)),
    numberArray(column((r) => r.isStream)),
    numberArray(column((r) => r.status)),
    textArray(column((r) => r.errorCode)),
    numberArray(column((r) => r.inputTokens)),
    numberArray(column((r) => r.cacheReadTokens)),
    numberArray(column((r) => r.cacheWriteTokens)),
    numberArray(column((r) => r.outputTokens)),
    numberArray(column((r) => r.reasoningTokens)),
    numberArray(column((r) => r.imageCount)),
    numberArray(column((r) => r.cost)),
    numberArray(column((r) => r.upstreamCost)),
    numberArray(column((r) => r.latencyMs)),
    numberArray(column((r) => r.ttftMs)),
    numberArray(column((r) => r.usageEstimated)),
    textArray(column((r) => r.clientIp)),
    textArray(column((r) => r.usageFlag)),
  ];
}

/**
 * Write rows now (one statement). Exported for tests and tools (bench/request-log.ts passes a pool of another
 * database); the relay uses recordRequest.
 */
export async function writeRequestLogs(rows: RequestLogRow[], client: pg.Pool = pool()): Promise<void> {
  if (rows.length === 0) return;
  // a named statement: parsed and planned once per connection instead of once per batch
  await client.query({ name: "request-log-write", text: INSERT, values: batchColumns(rows) });
  const failures = failuresJson(rows);
  // (a batch written again after an error keeps its failures once: they are keyed by request id and place)
  if (failures) await client.query({ name: "attempt-failures-write", text: INSERT_FAILURES, values: [failures] });
}

const INSERT_FAILURES = `
insert into channel_attempt_failures (request_id, seq, channel_id, created_at, status, error_code)
select request_id, seq, channel_id, to_timestamp(created_at_ms / 1000.0), status, error_code
  from json_to_recordset($1::json) as r(request_id text, seq int, channel_id uuid, created_at_ms bigint, status int, error_code text)
on conflict (request_id, seq) do nothing`;

/** The batch's failed attempts as one json parameter; null when none failed (nearly always). */
function failuresJson(rows: RequestLogRow[]): string | null {
  let failures: object[] | null = null;
  for (const row of rows) {
    if (!row.failedAttempts) continue;
    row.failedAttempts.forEach((f, index) =>
      (failures ??= []).push({ request_id: row.requestId, seq: index + 1, channel_id: f.channelId, created_at_ms: row.createdAt.getTime(), status: f.status, error_code: f.errorCode }),
    );
  }
  return failures ? jsonParam(failures) : null;
}

async function flush(): Promise<void> {
  const w = writer();
  if (w.timer) {
    clearTimeout(w.timer);
    w.timer = null;
  }
  while (w.queue.length > 0) {
    const batch = w.queue.splice(0, BATCH_SIZE);
    try {
      await writeRequestLogs(batch);
    } catch (error) {
      logger().error({ err: error instanceof Error ? error.message : String(error), rows: batch.length }, "request log batch failed; retrying once");
      try {
        await writeRequestLogs(batch);
      } catch {
        logger().error({ rows: batch.length }, "request log batch dropped");
      }
    }
  }
}

function scheduleFlush(): void {
  const w = writer();
  if (w.flushing) return; // the running flush picks the new rows up
  if (w.queue.length >= BATCH_SIZE) {
    startFlush();
    return;
  }
  w.timer ??= setTimeout(startFlush, FLUSH_DELAY_MS);
}

function startFlush(): void {
  const w = writer();
  if (w.flushing) return;
  w.flushing = flush().finally(() => {
    w.flushing = null;
    if (w.queue.length > 0) scheduleFlush();
  });
}

/** Queue one row; it is written within a few milliseconds, in a batch with its neighbours. */
export function recordRequest(row: RequestLogRow): void {
  writer().queue.push(row);
  scheduleFlush();
}

/** Wait until every queued row is written (tests, shutdown). */
export async function flushRequestLogs(): Promise<void> {
  const w = writer();
  for (;;) {
    if (w.flushing) await w.flushing;
    else if (w.queue.length > 0) startFlush();
    else return;
  }
}
