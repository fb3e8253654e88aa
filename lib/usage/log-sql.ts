/**
 * SQL for reading one customer's request log in a stable order (keyset pagination). Shared by the logs page and the
 * CSV export so both return exactly the same rows for the same filters. Every statement is scoped (data-scope.ts).
 */
import { binder, scopeWhere, type DataScope } from "./data-scope";
import { isRequestIdShaped, type Cursor, type LogFilters, type LogSort, type SortColumn } from "./log-query";

const SORT_EXPRESSION: Record<SortColumn, string> = {
  time: "l.created_at",
  cost: "l.cost",
  latency: "l.latency_ms",
};

const CURSOR_CAST: Record<SortColumn, string> = {
  time: "timestamptz",
  cost: "bigint",
  latency: "integer",
};

/** Columns the console shows. Never the channel: customers do not see which upstream served a request. */
export const LOG_COLUMNS = `l.id, l.request_id, l.created_at, l.api_key_id, l.endpoint, l.model, l.is_stream, l.status, l.error_code,
  l.input_tokens, l.cache_read_tokens, l.cache_write_tokens, l.output_tokens, l.reasoning_tokens, l.image_count,
  l.cost, l.latency_ms, l.ttft_ms, l.usage_estimated, l.usage_flag, l.client_ip`;

export type LogRowDb = {
  id: bigint;
  request_id: string;
  created_at: Date;
  api_key_id: string | null;
  endpoint: string;
  model: string;
  is_stream: boolean;
  status: number;
  error_code: string | null;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  image_count: number;
  cost: bigint;
  latency_ms: number;
  ttft_ms: number | null;
  usage_estimated: boolean;
  /** missing | invalid | clamped (lib/relay/final-usage.ts), null when the upstream's report was billed as is */
  usage_flag: string | null;
  client_ip: string | null;
};

/** The sort value of a row as it is written into a cursor. */
export function cursorValue(row: LogRowDb, column: SortColumn): string {
  if (column === "time") return row.created_at.toISOString();
  if (column === "cost") return row.cost.toString();
  return String(row.latency_ms);
}

/**
 * A select over the filtered log in the given order, starting after (or before) a cursor.
 * `before` pages run in the opposite order; the caller reverses them.
 */
export function buildLogSelect({
  scope,
  filters,
  sort,
  cursor,
  limit,
}: {
  scope: DataScope;
  filters: LogFilters;
  sort: LogSort;
  cursor: Cursor | null;
  limit: number;
}): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = binder(values);
  const where = [scopeWhere(scope, "l", param)];
  if (filters.from) where.push(`l.created_at >= ${param(filters.from)}`);
  if (filters.to) where.push(`l.created_at <= ${param(filters.to)}`);
  if (filters.apiKeyId) where.push(`l.api_key_id = ${param(filters.apiKeyId)}`);
  if (filters.model !== null) where.push(`l.model = ${param(filters.model)}`);
  if (filters.status === "success") where.push("l.status < 400");
  else if (filters.status === "error") where.push("l.status >= 400");
  else if (typeof filters.status === "number") where.push(`l.status = ${param(filters.status)}`);
  // equality on the unique request_id index: one row at most, whatever the size of the log
  if (filters.requestId !== null) where.push(isRequestIdShaped(filters.requestId) ? `l.request_id = ${param(filters.requestId)}` : "false");

  const expression = SORT_EXPRESSION[sort.column];
  const isReversed = cursor?.direction === "before";
  const descending = (sort.direction === "desc") !== isReversed;
  if (cursor) {
    const comparison = descending ? "<" : ">";
    where.push(`(${expression}, l.id) ${comparison} (${param(cursor.value)}::${CURSOR_CAST[sort.column]}, ${param(cursor.id)}::bigint)`);
  }
  const order = descending ? "desc" : "asc";
  const text = `select ${LOG_COLUMNS} from request_logs l where ${where.join(" and ")}
    order by ${expression} ${order}, l.id ${order} limit ${param(limit)}`;
  return { text, values };
}
