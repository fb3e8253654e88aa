/**
 * Logs one request for a customer in the app under test's database, as the relay logs a settled request (the log
 * row and its rollup), for usage views a fake upstream cannot produce (an OpenAI-protocol channel reports no cache
 * writes). `node --import tsx --import ./scripts/register-hooks.mjs e2e/support/record-request.ts <email> <json>`
 * with DATA_DIR set; the JSON overrides fields of the row (model, token counts, status…).
 */
import { randomBytes } from "node:crypto";
import { runAgainstAppDatabase } from "./app-database";
import type { RequestLogRow } from "../../lib/usage/record-request";
import { requestLogRow } from "../../tests/support/request-log-row";

const [email, overrides] = process.argv.slice(2);
if (!email || !overrides) throw new Error("usage: record-request.ts <email> <json>");

runAgainstAppDatabase(async () => {
  const { sql } = await import("../../lib/db");
  const { writeRequestLogs } = await import("../../lib/usage/record-request");
  const { rows } = await sql<{ id: string }>(`select id from users where email = $1`, [email]);
  if (!rows[0]) throw new Error(`no user ${email}`);
  const row = requestLogRow({
    requestId: `req_${randomBytes(16).toString("hex")}`,
    userId: rows[0].id,
    endpoint: "/v1/messages",
    inputTokens: 10,
    outputTokens: 5,
    latencyMs: 300,
    ...(JSON.parse(overrides) as Partial<Omit<RequestLogRow, "cost" | "upstreamCost" | "createdAt">>),
  });
  await writeRequestLogs([row]);
});
