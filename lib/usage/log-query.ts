/**
 * What a customer can ask of their usage log: filters (time range, key, model, status, request id), a sort, and a
 * keyset cursor.
 * One parser for the logs page, its JSON route and the CSV export, so all three read the same URL the same way.
 */
import { z } from "zod";
import { AppError } from "../errors";
import { MODEL_ID } from "../keys/model-id";

export const TIME_RANGES = ["1h", "24h", "7d", "30d", "90d", "all", "custom"] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

const RANGE_MS: Record<Exclude<TimeRange, "all" | "custom">, number> = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
  "90d": 90 * 86_400_000,
};

export const SORT_COLUMNS = ["time", "cost", "latency"] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export type SortDirection = "asc" | "desc";

/** "success" = 1xx–3xx, "error" = 4xx–5xx, or one exact HTTP status. */
export type StatusFilter = "success" | "error" | number;

export type LogFilters = {
  range: TimeRange;
  from: Date | null;
  to: Date | null;
  apiKeyId: string | null;
  /** NO_MODEL for the requests logged without one */
  model: string | null;
  status: StatusFilter | null;
  /** exact, as the customer pasted it (trimmed); one that cannot be a request id matches nothing */
  requestId: string | null;
};

/** The model of a request whose body could not be read (malformed JSON, no model field): it is logged empty. */
export const NO_MODEL = "";
/** How the URL names NO_MODEL: no model id can start with "_" (MODEL_ID), so it never shadows a real one. */
export const NO_MODEL_PARAM = "_none";

/** The model filter as a URL value. */
export function modelParam(model: string): string {
  return model === NO_MODEL ? NO_MODEL_PARAM : model;
}

/**
 * What a request id can look like (ours are `req_` + 32 hex digits, lib/relay/request-id.ts; older or imported ones
 * may differ). Anything else is not looked up at all: the log cannot hold it, and a NUL would be a database error.
 */
const REQUEST_ID_SHAPE = /^[\x21-\x7e]{1,128}$/;

export function isRequestIdShaped(text: string): boolean {
  return REQUEST_ID_SHAPE.test(text);
}

export type LogSort = { column: SortColumn; direction: SortDirection };

/** A position in one sort order: the sort value of the last (or first) row seen and its id. */
export type Cursor = { value: string; id: string; direction: "after" | "before" };

export type LogQuery = { filters: LogFilters; sort: LogSort; cursor: Cursor | null; limit: number };

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

const querySchema = z
  .object({
    range: z.enum(TIME_RANGES, { message: "Unknown time range" }).optional(),
    from: z.coerce.date({ message: "Not a valid date" }).optional(),
    to: z.coerce.date({ message: "Not a valid date" }).optional(),
    key: z.uuid({ message: "Unknown key" }).optional(),
    model: z
      .string()
      .refine((model) => model === NO_MODEL_PARAM || MODEL_ID.test(model), "Not a valid model id")
      .optional(),
    status: z
      .union([z.enum(["success", "error"]), z.coerce.number().int().min(100).max(599)], { message: "Unknown status" })
      .optional(),
    sort: z.enum(SORT_COLUMNS, { message: "Unknown sort column" }).optional(),
    dir: z.enum(["asc", "desc"], { message: "Unknown sort direction" }).optional(),
    after: z.string().max(200).optional(),
    before: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
    // never refused: a malformed id is a search that finds nothing
    request: z.string().optional(),
  })
  .refine((q) => !(q.from && q.to) || q.from.getTime() <= q.to.getTime(), { message: "The start must be before the end", path: ["to"] });

/** Search params (from a URL or a page's searchParams) → a validated query. Throws AppError 400 on bad input. */
export function parseLogQuery(
  params: URLSearchParams | Record<string, string | string[] | undefined>,
  { now = new Date() }: { now?: Date } = {},
): LogQuery {
  const get = (name: string): string | undefined => {
    const value = params instanceof URLSearchParams ? (params.get(name) ?? undefined) : params[name];
    const text = (Array.isArray(value) ? value[0] : value)?.trim();
    return text === "" ? undefined : text;
  };
  const raw = Object.fromEntries(
    ["range", "from", "to", "key", "model", "status", "sort", "dir", "after", "before", "limit", "request"].map((name) => [name, get(name)]),
  );
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("bad_request", issue?.message ?? "Invalid filters", { param: issue?.path.join(".") || undefined });
  }
  const q = parsed.data;
  const range: TimeRange = q.range ?? (q.from || q.to ? "custom" : "all");
  let from: Date | null = null;
  let to: Date | null = null;
  if (range === "custom") {
    from = q.from ?? null;
    to = q.to ?? null;
  } else if (range !== "all") {
    from = new Date(now.getTime() - RANGE_MS[range]);
  }
  const sort: LogSort = { column: q.sort ?? "time", direction: q.dir ?? "desc" };
  const cursorText = q.before ?? q.after;
  const cursor = cursorText ? decodeCursor(cursorText, q.before ? "before" : "after", sort.column) : null;
  return {
    filters: {
      range,
      from,
      to,
      apiKeyId: q.key ?? null,
      model: q.model === undefined ? null : q.model === NO_MODEL_PARAM ? NO_MODEL : q.model,
      status: q.status ?? null,
      requestId: q.request ?? null,
    },
    sort,
    cursor,
    limit: q.limit ?? DEFAULT_PAGE_SIZE,
  };
}

const CURSOR_VALUE: Record<SortColumn, RegExp> = {
  time: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
  cost: /^-?\d{1,19}$/,
  latency: /^-?\d{1,10}$/,
};

export function encodeCursor({ value, id }: { value: string; id: string }): string {
  return Buffer.from(`${value}|${id}`, "utf8").toString("base64url");
}

export function decodeCursor(text: string, direction: Cursor["direction"], column: SortColumn): Cursor {
  const decoded = Buffer.from(text, "base64url").toString("utf8");
  const [value, id, extra] = decoded.split("|");
  if (extra !== undefined || !value || !id || !/^\d{1,19}$/.test(id) || !CURSOR_VALUE[column].test(value)) {
    throw new AppError("bad_request", "This page link is no longer valid; start from the first page", { param: direction });
  }
  return { value, id, direction };
}

/** The query as URL search params (defaults left out), for links and the CSV export. */
export function logQueryToParams(query: Pick<LogQuery, "filters" | "sort">, { cursor }: { cursor?: Cursor | null } = {}): URLSearchParams {
  const params = new URLSearchParams();
  const { filters, sort } = query;
  if (filters.range !== "all") params.set("range", filters.range);
  if (filters.range === "custom") {
    if (filters.from) params.set("from", filters.from.toISOString());
    if (filters.to) params.set("to", filters.to.toISOString());
  }
  if (filters.apiKeyId) params.set("key", filters.apiKeyId);
  if (filters.model !== null) params.set("model", modelParam(filters.model));
  if (filters.status !== null) params.set("status", String(filters.status));
  if (filters.requestId !== null) params.set("request", filters.requestId);
  if (sort.column !== "time") params.set("sort", sort.column);
  if (sort.direction !== "desc") params.set("dir", sort.direction);
  if (cursor) params.set(cursor.direction, encodeCursor(cursor));
  return params;
}
