/**
 * The request-log batch travels as one array literal per column: every value must come back exactly as written, whatever
 * characters the text holds and however large the amounts.
 */
import { describe, expect, it } from "vitest";
import { sql } from "../db";
import { requestLogRow } from "../../tests/support/request-log-row";
import { writeRequestLogs, type RequestLogRow } from "./record-request";

const BIG = 2n ** 53n + 1n; // not representable as a JSON number: must travel as a string

function logRow(over: Partial<RequestLogRow>): RequestLogRow {
  return requestLogRow({ requestId: "req_plain", userId: "", createdAt: new Date("2026-03-04T05:06:07.891Z"), ...over });
}

describe("writeRequestLogs", () => {
  it("reads back awkward text, nulls, bigints above 2^53 and millisecond timestamps exactly", async () => {
    const { rows: users } = await sql<{ id: string }>(`insert into users (email) values ('awkward-log@example.com') returning id`);
    const userId = users[0].id;
    const awkward = logRow({
      requestId: `req_"quoted"\\back'slash`,
      userId,
      model: `mo"del\\ \u00e9\u4e2d\u{1f600} \t\n{"a":[1]}`,
      endpoint: "/v1/\u00fcber",
      errorCode: `bad\\"code`,
      isStream: true,
      status: 502,
      attempts: 3,
      inputTokens: 2_147_483_647,
      cacheReadTokens: 1,
      cacheWriteTokens: 2,
      outputTokens: 3,
      reasoningTokens: 4,
      imageCount: 5,
      cost: BIG,
      upstreamCost: BIG + 2n,
      latencyMs: 1234,
      ttftMs: 56,
      usageEstimated: true,
      clientIp: "::1",
      usageFlag: "clamped",
    });
    // a lone surrogate is stored as U+FFFD, as pg stores it when it sends the string itself
    const lone = logRow({ requestId: "req_lone", userId, model: "x\ud800y", createdAt: new Date("2026-03-04T05:59:59.999Z") });
    await writeRequestLogs([awkward, lone, { ...awkward, model: "written once" }]);

    const { rows } = await sql(`select * from request_logs where user_id = $1 order by request_id`, [userId]);
    expect(rows).toHaveLength(2);
    const got = rows.find((r) => r.request_id === awkward.requestId)!;
    expect(got).toMatchObject({
      created_at: awkward.createdAt,
      user_id: userId,
      org_id: null,
      membership_id: null,
      api_key_id: null,
      endpoint: awkward.endpoint,
      model: awkward.model,
      channel_id: null,
      attempts: 3,
      is_stream: true,
      status: 502,
      error_code: awkward.errorCode,
      input_tokens: 2_147_483_647,
      cache_read_tokens: 1,
      cache_write_tokens: 2,
      output_tokens: 3,
      reasoning_tokens: 4,
      image_count: 5,
      cost: BIG,
      upstream_cost: BIG + 2n,
      latency_ms: 1234,
      ttft_ms: 56,
      usage_estimated: true,
      client_ip: "::1",
      usage_flag: "clamped",
    });
    const gotLone = rows.find((r) => r.request_id === "req_lone")!;
    expect(gotLone).toMatchObject({ model: "x\ufffdy", created_at: lone.createdAt, error_code: null, usage_flag: null, ttft_ms: null });

    const { rows: rollups } = await sql(`select hour, model, requests, errors, input_tokens, cost, upstream_cost, latency_ms_sum from usage_rollups where user_id = $1 order by model`, [userId]);
    expect(rollups).toEqual([
      { hour: new Date("2026-03-04T05:00:00.000Z"), model: awkward.model, requests: 1, errors: 1, input_tokens: 2_147_483_647n, cost: BIG, upstream_cost: BIG + 2n, latency_ms_sum: 1234n },
      { hour: new Date("2026-03-04T05:00:00.000Z"), model: "x\ufffdy", requests: 1, errors: 0, input_tokens: 0n, cost: 0n, upstream_cost: 0n, latency_ms_sum: 0n },
    ]);
  });

  it("writes a request's failed attempts beside its row, once even when the batch is written again", async () => {
    const { rows: users } = await sql<{ id: string }>(`insert into users (email) values ('failed-attempts@example.com') returning id`);
    const [first, second] = ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"];
    const row = logRow({
      requestId: "req_failed_over",
      userId: users[0].id,
      channelId: "00000000-0000-4000-8000-000000000003",
      attempts: 3,
      failedAttempts: [
        { channelId: first, status: 504, errorCode: "timeout" },
        { channelId: second, status: 429, errorCode: "rate_limited" },
      ],
    });
    await writeRequestLogs([row, logRow({ requestId: "req_clean", userId: users[0].id })]);
    await writeRequestLogs([row]);
    const { rows } = await sql(`select request_id, seq, channel_id, created_at, status, error_code from channel_attempt_failures where request_id in ('req_failed_over', 'req_clean') order by seq`);
    expect(rows).toEqual([
      { request_id: "req_failed_over", seq: 1, channel_id: first, created_at: row.createdAt, status: 504, error_code: "timeout" },
      { request_id: "req_failed_over", seq: 2, channel_id: second, created_at: row.createdAt, status: 429, error_code: "rate_limited" },
    ]);
  });
});
