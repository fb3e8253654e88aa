/**
 * Request-log rows for tests of the usage views, written straight into request_logs (what the relay writes as
 * requests settle), in one multi-row insert.
 */
import { randomUUID } from "node:crypto";
import { sql } from "../../lib/db";

export type LogFixture = {
  userId: string;
  createdAt: Date;
  apiKeyId?: string | null;
  model?: string;
  status?: number;
  errorCode?: string | null;
  inputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
  cost?: bigint;
  latencyMs?: number;
  ttftMs?: number | null;
  isStream?: boolean;
  channelId?: string | null;
  requestId?: string;
};

export async function insertLogs(rows: LogFixture[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) {
    const batch = rows.slice(start, start + 500);
    const values: unknown[] = [];
    const tuples = batch.map((row) => {
      const fields = [
        row.requestId ?? `req_${randomUUID()}`,
        row.createdAt,
        row.userId,
        row.apiKeyId ?? null,
        "/v1/chat/completions",
        row.model ?? "gpt-4o",
        row.channelId ?? null,
        row.isStream ?? false,
        row.status ?? 200,
        row.errorCode ?? null,
        row.inputTokens ?? 10,
        row.cacheReadTokens ?? 0,
        row.cacheWriteTokens ?? 0,
        row.outputTokens ?? 5,
        row.reasoningTokens ?? 0,
        row.cost ?? 100n,
        row.latencyMs ?? 300,
        row.ttftMs ?? null,
      ];
      const placeholders = fields.map((value) => {
        values.push(value);
        return `$${values.length}`;
      });
      return `(${placeholders.join(", ")})`;
    });
    await sql(
      `insert into request_logs (request_id, created_at, user_id, api_key_id, endpoint, model, channel_id, is_stream, status,
         error_code, input_tokens, cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost, latency_ms, ttft_ms)
       values ${tuples.join(", ")}`,
      values,
    );
  }
}
