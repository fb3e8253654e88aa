/**
 * One page of a customer's request log: filtered, sorted, keyset-paginated (no OFFSET, so page 10,000 costs what
 * page 1 costs). Rows are plain JSON (money as micro-unit strings) ready for a client component.
 */
import "server-only";
import type { DataScope } from "./data-scope";
import { sql } from "../db";
import { listKeyLabels, type KeyLabel } from "../keys/list-key-labels";
import { encodeCursor, type LogQuery } from "./log-query";
import { buildLogSelect, cursorValue, type LogRowDb } from "./log-sql";

export type RequestLogEntry = {
  id: string;
  requestId: string;
  createdAt: string;
  apiKeyId: string | null;
  key: KeyLabel | null;
  endpoint: string;
  model: string;
  isStream: boolean;
  status: number;
  errorCode: string | null;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  imageCount: number;
  /** micro-units, as a string */
  cost: string;
  latencyMs: number;
  ttftMs: number | null;
  isUsageEstimated: boolean;
  /** the upstream reported more than the request could have used: the cost stopped at what its hold reserved */
  isCostCapped: boolean;
  clientIp: string | null;
};

export type RequestLogPage = {
  rows: RequestLogEntry[];
  /** cursor of the next page in the current order, null on the last page */
  nextCursor: string | null;
  /** cursor of the previous page, null on the first page */
  prevCursor: string | null;
};

export function toLogEntry(row: LogRowDb, keys: Map<string, KeyLabel>): RequestLogEntry {
  return {
    id: row.id.toString(),
    requestId: row.request_id,
    createdAt: row.created_at.toISOString(),
    apiKeyId: row.api_key_id,
    key: row.api_key_id ? (keys.get(row.api_key_id) ?? null) : null,
    endpoint: row.endpoint,
    model: row.model,
    isStream: row.is_stream,
    status: row.status,
    errorCode: row.error_code,
    inputTokens: row.input_tokens,
    cacheReadTokens: row.cache_read_tokens,
    cacheWriteTokens: row.cache_write_tokens,
    outputTokens: row.output_tokens,
    reasoningTokens: row.reasoning_tokens,
    imageCount: row.image_count,
    cost: row.cost.toString(),
    latencyMs: row.latency_ms,
    ttftMs: row.ttft_ms,
    isUsageEstimated: row.usage_estimated,
    isCostCapped: row.usage_flag === "clamped",
    clientIp: row.client_ip,
  };
}

export async function listRequestLogs({ scope, query }: { scope: DataScope; query: LogQuery }): Promise<RequestLogPage> {
  const { filters, sort, cursor, limit } = query;
  const select = buildLogSelect({ scope, filters, sort, cursor, limit: limit + 1 });
  const [{ rows }, keys] = await Promise.all([sql<LogRowDb>(select.text, select.values), listKeyLabels({ scope })]);
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const isBackwards = cursor?.direction === "before";
  if (isBackwards) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  const at = (row: LogRowDb) => encodeCursor({ value: cursorValue(row, sort.column), id: row.id.toString() });
  // Going forward there is a previous page whenever we started from a cursor; going backwards, only if more rows remain.
  const hasPrev = isBackwards ? hasMore : cursor !== null;
  const hasNext = isBackwards ? true : hasMore;
  return {
    rows: page.map((row) => toLogEntry(row, keys)),
    nextCursor: hasNext && last ? at(last) : null,
    prevCursor: hasPrev && first ? at(first) : null,
  };
}
