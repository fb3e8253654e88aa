/**
 * The audit log for operators: every money, permission, key, channel, price and account change, newest first,
 * filtered by area (action prefix), exact action, target, actor e-mail and time range, in keyset pages by id. The
 * CSV export walks the same filter in batches, so any size streams in constant memory.
 */
import "server-only";
import { z } from "zod";
import { sql } from "../db";
import { csvLine, csvText } from "../usage/csv";
import { AUDIT_AREAS, type AuditArea } from "./constants";

export const auditFilterSchema = z.object({
  area: z.enum(AUDIT_AREAS).optional().catch(undefined),
  action: z.string().trim().max(80).regex(/^[a-z0-9_.]*$/).optional().catch(undefined),
  actor: z.string().trim().max(254).optional().catch(undefined),
  target: z.string().trim().max(200).optional().catch(undefined),
  from: z.coerce.date().optional().catch(undefined),
  to: z.coerce.date().optional().catch(undefined),
  before: z.coerce.bigint().positive().optional().catch(undefined),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export type AuditEntry = {
  id: string;
  createdAt: string;
  actorKind: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  /** an e-mail or name for the target when it is a user or a channel */
  targetLabel: string | null;
  details: unknown;
  ip: string | null;
};

type Row = {
  id: bigint;
  created_at: Date;
  actor_kind: string;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  target_label: string | null;
  details: unknown;
  ip: string | null;
};

/** Actions are "<area>.<verb>": an area filter is a prefix match on the index of (action, created_at). */
function areaPattern(area: AuditArea): string {
  return `${area}.%`;
}

function whereClause(filter: AuditFilter, values: unknown[]): string {
  const clauses: string[] = [];
  const add = (clause: (index: string) => string, value: unknown) => {
    values.push(value);
    clauses.push(clause(`$${values.length}`));
  };
  if (filter.area) add((i) => `a.action like ${i}`, areaPattern(filter.area));
  if (filter.action) add((i) => `a.action = ${i}`, filter.action);
  if (filter.actor) add((i) => `a.actor_id in (select id from users where email ilike ${i})`, `%${filter.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (filter.target) add((i) => `(a.target_id = ${i} or a.target_id in (select id::text from users where email = lower(${i})) or a.target_id in (select id::text from channels where name = ${i}))`, filter.target);
  if (filter.from) add((i) => `a.created_at >= ${i}`, filter.from);
  if (filter.to) add((i) => `a.created_at < ${i}`, filter.to);
  if (filter.before) add((i) => `a.id < ${i}`, filter.before.toString());
  return clauses.length ? `where ${clauses.join(" and ")}` : "";
}

const SELECT = `select a.id, a.created_at, a.actor_kind, a.actor_id, actor.email as actor_email, a.action, a.target_type, a.target_id,
       case when a.target_type = 'user' then tu.email when a.target_type = 'channel' then tc.name end as target_label,
       a.details, a.ip
  from audit_logs a
  left join users actor on actor.id = a.actor_id
  left join users tu on a.target_type = 'user' and tu.id::text = a.target_id
  left join channels tc on a.target_type = 'channel' and tc.id::text = a.target_id`;

function toEntry(row: Row): AuditEntry {
  return {
    id: row.id.toString(),
    createdAt: row.created_at.toISOString(),
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    targetLabel: row.target_label,
    details: row.details,
    ip: row.ip,
  };
}

export const AUDIT_PAGE_SIZE = 50;

export async function listAuditLog(filter: AuditFilter, { limit = AUDIT_PAGE_SIZE }: { limit?: number } = {}): Promise<{ entries: AuditEntry[]; nextBefore: string | null }> {
  const values: unknown[] = [];
  const where = whereClause(filter, values);
  values.push(limit + 1);
  const { rows } = await sql<Row>(`${SELECT} ${where} order by a.id desc limit $${values.length}`, values);
  const entries = rows.slice(0, limit).map(toEntry);
  return { entries, nextBefore: rows.length > limit ? entries[entries.length - 1].id : null };
}

/** Distinct actions seen, for the filter's suggestions. */
export async function listAuditActions(): Promise<string[]> {
  const { rows } = await sql<{ action: string }>(`select distinct action from audit_logs order by action limit 500`);
  return rows.map((r) => r.action);
}

export const AUDIT_CSV_HEADER = ["id", "time_utc", "actor_kind", "actor_email", "actor_id", "action", "target_type", "target_id", "target", "ip", "details_json"];
const CSV_BATCH = 2_000;

/** The filtered audit log as CSV lines (header first), oldest batch last, read in keyset batches. */
export async function* auditCsv(filter: AuditFilter): AsyncGenerator<string> {
  yield csvLine(AUDIT_CSV_HEADER);
  let before = filter.before;
  for (;;) {
    const { entries, nextBefore } = await listAuditLog({ ...filter, before }, { limit: CSV_BATCH });
    if (entries.length === 0) return;
    yield entries
      .map((e) =>
        csvLine([
          e.id,
          e.createdAt,
          csvText(e.actorKind),
          csvText(e.actorEmail),
          csvText(e.actorId),
          csvText(e.action),
          csvText(e.targetType),
          csvText(e.targetId),
          csvText(e.targetLabel),
          csvText(e.ip),
          csvText(e.details === null || e.details === undefined ? "" : JSON.stringify(e.details)),
        ]),
      )
      .join("");
    if (!nextBefore) return;
    before = BigInt(nextBefore);
  }
}

/** A pull-based stream of the CSV: the next batch is read only when the client asks for more. */
export function auditCsvStream(filter: AuditFilter): ReadableStream<Uint8Array> {
  const lines = auditCsv(filter);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await lines.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
}
