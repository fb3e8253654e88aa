/**
 * Export a customer's filtered request log as CSV, any size, in constant memory: the rows are read in keyset
 * batches (no transaction held open while a slow client downloads) and each batch is encoded only when the
 * client's stream asks for more (pull-based backpressure). One row per request, a header row, USD with
 * 6 decimals, timestamps ISO-8601 UTC.
 */
import "server-only";
import type { DataScope } from "./data-scope";
import { sql } from "../db";
import { listKeyLabels, type KeyLabel } from "../keys/list-key-labels";
import { formatUsdExact } from "../money";
import { csvLine, csvPlain, csvText } from "./csv";
import type { LogFilters, LogSort } from "./log-query";
import { buildLogSelect, cursorValue, type LogRowDb } from "./log-sql";

export const CSV_BATCH_SIZE = 5_000;

export const CSV_HEADER = [
  "request_id",
  "time_utc",
  "key_name",
  "key",
  "model",
  "endpoint",
  "stream",
  "status",
  "error_code",
  "input_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "output_tokens",
  "reasoning_tokens",
  "images",
  "cost_usd",
  "latency_ms",
  "ttft_ms",
  "usage_estimated",
] as const;

export function csvRow(row: LogRowDb, keys: Map<string, KeyLabel>): string {
  const key = row.api_key_id ? keys.get(row.api_key_id) : undefined;
  return csvLine([
    csvText(row.request_id),
    row.created_at.toISOString(),
    csvText(key ? key.name : ""),
    csvText(key ? key.masked : ""),
    csvText(row.model),
    csvText(row.endpoint),
    csvPlain(row.is_stream),
    csvPlain(row.status),
    csvText(row.error_code),
    csvPlain(row.input_tokens),
    csvPlain(row.cache_read_tokens),
    csvPlain(row.cache_write_tokens),
    csvPlain(row.output_tokens),
    csvPlain(row.reasoning_tokens),
    csvPlain(row.image_count),
    formatUsdExact(row.cost),
    csvPlain(row.latency_ms),
    csvPlain(row.ttft_ms),
    csvPlain(row.usage_estimated),
  ]);
}

/** The CSV as text chunks: the header, then one chunk per batch of rows. */
export async function* requestLogCsvChunks({
  scope,
  filters,
  sort,
  batchSize = CSV_BATCH_SIZE,
}: {
  scope: DataScope;
  filters: LogFilters;
  sort: LogSort;
  batchSize?: number;
}): AsyncGenerator<string> {
  const keys = await listKeyLabels({ scope });
  yield csvLine([...CSV_HEADER]);
  let cursor: { value: string; id: string; direction: "after" } | null = null;
  for (;;) {
    const select = buildLogSelect({ scope, filters, sort, cursor, limit: batchSize });
    const { rows } = await sql<LogRowDb>(select.text, select.values);
    if (rows.length === 0) return;
    let chunk = "";
    for (const row of rows) chunk += csvRow(row, keys);
    yield chunk;
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1];
    cursor = { value: cursorValue(last, sort.column), id: last.id.toString(), direction: "after" };
  }
}

/** A byte stream of the CSV that reads the next batch only when the consumer pulls. */
export function requestLogCsvStream(input: Parameters<typeof requestLogCsvChunks>[0]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const chunks = requestLogCsvChunks(input);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

export function csvFileName(now = new Date()): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
  return `switchyard-usage-${stamp}.csv`;
}
