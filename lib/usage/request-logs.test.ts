import { beforeAll, describe, expect, it } from "vitest";
import { personalScope } from "./data-scope";
import { insertLogs, type LogFixture } from "../../tests/support/usage-fixtures";
import { prisma, sql } from "../db";
import { createApiKey } from "../keys/create-api-key";
import { deleteApiKey } from "../keys/delete-api-key";
import { CSV_HEADER, requestLogCsvChunks, requestLogCsvStream } from "./export-request-logs-csv";
import { listRequestLogs, type RequestLogEntry } from "./list-request-logs";
import { logQueryToParams, NO_MODEL_PARAM, parseLogQuery, type LogQuery, type SortColumn } from "./log-query";
import { buildLogSelect } from "./log-sql";

const BASE = Date.parse("2025-03-10T12:00:00.000Z");
const MODELS = ["gpt-4o", "claude-sonnet-4-5", "deepseek-chat"];

let userId: string;
let otherUserId: string;
let keyA: string;
let keyB: string;
let fixtures: (LogFixture & { requestId: string })[];

async function allPages(query: LogQuery): Promise<RequestLogEntry[][]> {
  const pages: RequestLogEntry[][] = [];
  let current = query;
  for (;;) {
    const page = await listRequestLogs({ scope: personalScope(userId), query: current });
    pages.push(page.rows);
    if (!page.nextCursor) return pages;
    expect(pages.length).toBeLessThan(100);
    current = { ...current, cursor: { ...parseCursor(page.nextCursor, current.sort.column), direction: "after" } };
  }
}

function parseCursor(text: string, column: SortColumn) {
  return parseLogQuery({ after: text, sort: column }).cursor!;
}

function expectedOrder(rows: typeof fixtures, column: SortColumn, direction: "asc" | "desc"): string[] {
  // ids follow insertion order, so the fixture index is the id's order
  const indexed = rows.map((row, index) => ({ row, index }));
  const value = ({ row }: (typeof indexed)[number]): bigint =>
    column === "time" ? BigInt(row.createdAt.getTime()) : column === "cost" ? (row.cost ?? 0n) : BigInt(row.latencyMs ?? 0);
  indexed.sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const cmp = va === vb ? a.index - b.index : va < vb ? -1 : 1;
    return direction === "asc" ? cmp : -cmp;
  });
  return indexed.map(({ row }) => row.requestId);
}

beforeAll(async () => {
  userId = (await prisma().user.create({ data: { email: "logs@example.com" } })).id;
  otherUserId = (await prisma().user.create({ data: { email: "logs-other@example.com" } })).id;
  const actor = { kind: "user" as const, id: userId };
  keyA = (await createApiKey({ userId, input: { name: "alpha, \"quoted\"" }, actor })).id;
  keyB = (await createApiKey({ userId, input: { name: "=HYPERLINK(1)" }, actor })).id;
  fixtures = Array.from({ length: 237 }, (_, i) => ({
    requestId: `req_${String(i).padStart(4, "0")}`,
    userId,
    // ties on purpose: groups of three rows share one timestamp, cost repeats every 7, latency every 11
    createdAt: new Date(BASE - Math.floor(i / 3) * 60_000),
    apiKeyId: i % 2 === 0 ? keyA : keyB,
    model: MODELS[i % 3],
    status: i % 10 === 0 ? 429 : i % 17 === 0 ? 500 : 200,
    cost: BigInt((i % 7) * 1_234_567),
    latencyMs: (i % 11) * 100,
    ttftMs: i % 2 ? 50 : null,
  }));
  await insertLogs(fixtures);
  await insertLogs([{ userId: otherUserId, createdAt: new Date(BASE), apiKeyId: null, requestId: "req_other" }]);
});

describe("usage log keyset pagination", () => {
  for (const column of ["time", "cost", "latency"] as const) {
    for (const direction of ["desc", "asc"] as const) {
      it(`walks every row exactly once, sorted by ${column} ${direction}, forward and back`, async () => {
        const query = { ...parseLogQuery({ sort: column, dir: direction }), limit: 20 };
        const pages = await allPages(query);
        const seen = pages.flat().map((row) => row.requestId);
        expect(seen).toEqual(expectedOrder(fixtures, column, direction));
        expect(pages).toHaveLength(Math.ceil(237 / 20));

        // from the last page, walk back with prevCursor and meet the same pages
        const lastPage = pages[pages.length - 1];
        const backwards: string[][] = [lastPage.map((r) => r.requestId)];
        let cursorText = (await listRequestLogs({ scope: personalScope(userId), query: lastQuery(query, pages) })).prevCursor;
        while (cursorText) {
          const page = await listRequestLogs({
            scope: personalScope(userId),
            query: { ...query, cursor: { ...parseCursor(cursorText, column), direction: "before" } },
          });
          backwards.unshift(page.rows.map((r) => r.requestId));
          cursorText = page.prevCursor;
        }
        expect(backwards).toEqual(pages.map((page) => page.map((r) => r.requestId)));
      });
    }
  }

  function lastQuery(query: LogQuery, pages: RequestLogEntry[][]): LogQuery {
    // the cursor that led to the last page: after the last row of the page before it
    const before = pages[pages.length - 2];
    const last = before[before.length - 1];
    const value = query.sort.column === "time" ? last.createdAt : query.sort.column === "cost" ? last.cost : String(last.latencyMs);
    return { ...query, cursor: { value, id: last.id, direction: "after" } };
  }

  it("first page has no previous page and the last page has no next page", async () => {
    const first = await listRequestLogs({ scope: personalScope(userId), query: { ...parseLogQuery({}), limit: 300 } });
    expect(first.rows).toHaveLength(237);
    expect(first.prevCursor).toBeNull();
    expect(first.nextCursor).toBeNull();
  });

  it("never shows another customer's rows, nor the channel", async () => {
    const page = await listRequestLogs({ scope: personalScope(otherUserId), query: parseLogQuery({}) });
    expect(page.rows.map((r) => r.requestId)).toEqual(["req_other"]);
    const mine = await listRequestLogs({ scope: personalScope(userId), query: parseLogQuery({}) });
    expect(mine.rows.some((r) => r.requestId === "req_other")).toBe(false);
    expect(Object.keys(mine.rows[0])).not.toContain("channelId");
  });

  it("refuses a tampered cursor with a 400, not a 500", () => {
    expect(() => parseLogQuery({ after: Buffer.from("1; drop table|x").toString("base64url") })).toThrow(
      expect.objectContaining({ code: "bad_request" }),
    );
    expect(() => parseLogQuery({ after: "abc", sort: "cost" })).toThrow(expect.objectContaining({ code: "bad_request" }));
    expect(() => parseLogQuery({ status: "teapot" })).toThrow(expect.objectContaining({ code: "bad_request", param: "status" }));
    expect(() => parseLogQuery({ key: "not-a-uuid" })).toThrow(expect.objectContaining({ code: "bad_request" }));
    expect(() => parseLogQuery({ from: "2025-02-01", to: "2025-01-01" })).toThrow(expect.objectContaining({ param: "to" }));
  });
});

describe("usage log filters", () => {
  async function ids(params: Record<string, string>, now?: Date): Promise<string[]> {
    const query = { ...parseLogQuery(params, { now }), limit: 200 };
    return (await allPages(query)).flat().map((r) => r.requestId).sort();
  }
  const pick = (predicate: (row: (typeof fixtures)[number], i: number) => boolean) =>
    fixtures.filter(predicate).map((r) => r.requestId).sort();

  it("by key, model and status", async () => {
    expect(await ids({ key: keyA })).toEqual(pick((r) => r.apiKeyId === keyA));
    expect(await ids({ model: "deepseek-chat" })).toEqual(pick((r) => r.model === "deepseek-chat"));
    expect(await ids({ status: "error" })).toEqual(pick((r) => (r.status ?? 200) >= 400));
    expect(await ids({ status: "success" })).toEqual(pick((r) => (r.status ?? 200) < 400));
    expect(await ids({ status: "429" })).toEqual(pick((r) => r.status === 429));
    expect(await ids({ key: keyB, model: "gpt-4o", status: "error" })).toEqual(
      pick((r) => r.apiKeyId === keyB && r.model === "gpt-4o" && (r.status ?? 200) >= 400),
    );
  });

  it("by time range, preset and custom, bounds included", async () => {
    const from = new Date(BASE - 10 * 60_000);
    const to = new Date(BASE - 5 * 60_000);
    expect(await ids({ from: from.toISOString(), to: to.toISOString() })).toEqual(
      pick((r) => r.createdAt >= from && r.createdAt <= to),
    );
    expect(await ids({ range: "1h" }, new Date(BASE + 30 * 60_000))).toEqual(
      pick((r) => r.createdAt.getTime() >= BASE - 30 * 60_000),
    );
    expect(await ids({ range: "custom", from: new Date(BASE + 1).toISOString() })).toEqual([]);
  });

  it("by request id: exact, trimmed, with the other filters, never another customer's", async () => {
    expect(await ids({ request: "req_0042" })).toEqual(["req_0042"]);
    expect(await ids({ request: "  req_0042\n" })).toEqual(["req_0042"]);
    expect(await ids({ request: "req_004" })).toEqual([]);
    expect(await ids({ request: "REQ_0042" })).toEqual([]);
    expect(await ids({ request: "req_0042", status: "success" })).toEqual(["req_0042"]);
    expect(await ids({ request: "req_0040", status: "success" })).toEqual([]); // req_0040 was a 429
    expect(await ids({ request: "req_other" })).toEqual([]);
    expect(logQueryToParams(parseLogQuery({ request: " req_0042 " })).toString()).toBe("request=req_0042");
  });

  it("a malformed request id finds nothing instead of failing", async () => {
    for (const request of ["req_0042' or '1'='1", "req 0042", "%", "\u0000", "req_\u0000", "请求", "x".repeat(5_000)]) {
      expect({ request, ids: await ids({ request }) }).toEqual({ request, ids: [] });
    }
  });

  it("by request id through the log's unique request_id index, not a scan of the customer's rows", async () => {
    // enough rows for the planner to prefer an index, and fresh statistics
    const bulkUser = (await prisma().user.create({ data: { email: "logs-bulk@example.com" } })).id;
    await insertLogs(Array.from({ length: 5_000 }, (_, i) => ({ userId: i % 2 ? bulkUser : userId, createdAt: new Date(BASE - 86_400_000 - i * 1_000) })));
    try {
      await sql("analyze request_logs");
      const query = parseLogQuery({ request: "req_0042", range: "30d", model: "gpt-4o" }, { now: new Date(BASE) });
      const select = buildLogSelect({ scope: personalScope(userId), filters: query.filters, sort: query.sort, cursor: null, limit: 51 });
      const { rows } = await sql<{ "QUERY PLAN": string }>(`explain ${select.text}`, select.values);
      const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
      expect(plan).toContain("request_logs_request_id_key");
      expect(plan).not.toMatch(/Seq Scan|request_logs_user_id/);
    } finally {
      await sql("delete from request_logs where user_id = $1 or (user_id = $2 and created_at < $3)", [bulkUser, userId, new Date(BASE - 86_399_999)]);
    }
  });

  it("requests without a model (a body that could not be read) under their own choice", async () => {
    await insertLogs([
      { userId, createdAt: new Date(BASE + 5_000), model: "", status: 400, requestId: "req_unread_1" },
      { userId, createdAt: new Date(BASE + 6_000), model: "", status: 400, requestId: "req_unread_2" },
    ]);
    try {
      expect(await ids({ model: NO_MODEL_PARAM })).toEqual(["req_unread_1", "req_unread_2"]);
      expect(logQueryToParams(parseLogQuery({ model: NO_MODEL_PARAM })).toString()).toBe(`model=${NO_MODEL_PARAM}`);
      // every model still, and no model is not "all models"
      expect(await ids({})).toHaveLength(fixtures.length + 2);
      expect(await ids({ model: "gpt-4o" })).toEqual(pick((r) => r.model === "gpt-4o"));
    } finally {
      await sql("delete from request_logs where request_id like 'req_unread_%'");
    }
  });
});

describe("CSV export", () => {
  async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
    return new Response(stream).text();
  }

  it("has a header, one row per request, USD with 6 decimals, ISO-8601 UTC, safe text cells", async () => {
    const query = parseLogQuery({});
    const csv = await readAll(requestLogCsvStream({ scope: personalScope(userId), filters: query.filters, sort: query.sort, batchSize: 50 }));
    const lines = csv.split("\r\n");
    expect(lines.at(-1)).toBe("");
    lines.pop();
    expect(lines[0]).toBe(CSV_HEADER.join(","));
    expect(lines).toHaveLength(238);
    // newest first; ties on time go by id, newest id first
    expect(lines[1].startsWith("req_0002,")).toBe(true);
    const row0 = lines.find((line) => line.startsWith("req_0000,"))!;
    expect(row0).toBe(
      `req_0000,2025-03-10T12:00:00.000Z,"alpha, ""quoted""",sk-…${(await prisma().apiKey.findUniqueOrThrow({ where: { id: keyA } })).last4},gpt-4o,/v1/chat/completions,false,429,,10,0,0,5,0,0,0.000000,0,,false`,
    );
    const row3 = lines.find((line) => line.startsWith("req_0003,"))!;
    expect(row3).toContain(",'=HYPERLINK(1),"); // formula guarded
    expect(row3).toContain(",3.703701,"); // 3 × 1.234567 USD
    expect(row3).toContain(",300,50,false");
    for (const line of lines.slice(1)) expect(line.split(",")[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("streams the filtered set in batches, reading the next batch only when pulled", async () => {
    const query = parseLogQuery({ key: keyA, status: "success" });
    const chunks: string[] = [];
    for await (const chunk of requestLogCsvChunks({ scope: personalScope(userId), filters: query.filters, sort: query.sort, batchSize: 25 })) chunks.push(chunk);
    const expected = fixtures.filter((r) => r.apiKeyId === keyA && (r.status ?? 200) < 400).length;
    expect(chunks.length).toBe(1 + Math.ceil(expected / 25) + (expected % 25 === 0 ? 1 : 0));
    expect(chunks.join("").split("\r\n").length - 2).toBe(expected);

    const stream = requestLogCsvStream({ scope: personalScope(userId), filters: query.filters, sort: query.sort, batchSize: 25 });
    const reader = stream.getReader();
    const header = await reader.read();
    expect(new TextDecoder().decode(header.value)).toBe(`${CSV_HEADER.join(",")}\r\n`);
    await reader.cancel();
  });

  it("keeps a deleted key's name in the history", async () => {
    const gone = await createApiKey({ userId: otherUserId, input: { name: "retired" }, actor: { kind: "user", id: otherUserId } });
    await insertLogs([{ userId: otherUserId, createdAt: new Date(BASE + 1000), apiKeyId: gone.id, requestId: "req_retired" }]);
    await deleteApiKey({ scope: personalScope(otherUserId), keyId: gone.id, actor: { kind: "user", id: otherUserId } });
    const page = await listRequestLogs({ scope: personalScope(otherUserId), query: parseLogQuery({ key: gone.id }) });
    expect(page.rows.map((r) => [r.requestId, r.key?.name, r.key?.isDeleted])).toEqual([["req_retired", "retired", true]]);
    const query = parseLogQuery({});
    const csv = await readAll(requestLogCsvStream({ scope: personalScope(otherUserId), filters: query.filters, sort: query.sort }));
    expect(csv).toContain("req_retired,2025-03-10T12:00:01.000Z,retired,");
  });
});

describe("usage log flags", () => {
  it("marks a request whose cost stopped at its hold (the log showed the upstream's tokens at a price that did not match them)", async () => {
    await sql(`update request_logs set usage_flag = 'clamped' where request_id = 'req_0001'`);
    const rows = (await allPages(parseLogQuery({}))).flat();
    expect(rows.filter((row) => row.isCostCapped).map((row) => row.requestId)).toEqual(["req_0001"]);
  });
});
