/**
 * One request of this customer by its request id (the playground reads the cost and latency the relay logged).
 * Another customer's request id is not found.
 */
import "server-only";
import { sql } from "../db";
import { listKeyLabels } from "../keys/list-key-labels";
import { personalScope } from "./data-scope";
import { toLogEntry, type RequestLogEntry } from "./list-request-logs";
import { LOG_COLUMNS, type LogRowDb } from "./log-sql";

export async function getRequestLog({ userId, requestId }: { userId: string; requestId: string }): Promise<RequestLogEntry | null> {
  const { rows } = await sql<LogRowDb>(`select ${LOG_COLUMNS} from request_logs l where l.request_id = $1 and l.user_id = $2`, [requestId, userId]);
  if (!rows[0]) return null;
  return toLogEntry(rows[0], await listKeyLabels({ scope: personalScope(userId) }));
}
