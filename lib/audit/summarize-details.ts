/**
 * An audit entry's details as the operator's audit log shows them: the fields a reader looks for first (the amount,
 * the reason) lead, ids and the target's e-mail (shown beside them already) come last, and amounts of money read as
 * dollars. Details keep amounts as micro-units (the CSV export and the entry's JSON stay exact); "amount=20000000"
 * in a list read as twenty million. The database returns a JSON object's keys shortest first, so their stored order
 * says nothing: "after=$905.499739 email=a…" hid the amount and the reason of a balance adjustment.
 */
import { formatUsd } from "../money";

/** Fields that hold micro-units in every action that writes them. */
const MONEY_FIELDS = new Set([
  "amount", "before", "after", "trialCredit", "forfeited", "threshold", "creditCap", "requested", "total", "shortfall",
  "disputed", "frozen", "refunded", "released", "inputPerM", "outputPerM", "cacheReadPerM", "cacheWritePerM", "perImage",
]);
/** Fields that hold micro-units only in some actions (elsewhere a role or a name). */
const MONEY_FIELDS_OF: Record<string, Set<string>> = { "member.allowance": new Set(["from", "to"]) };
/** Fields left out: a copy of another one. */
const SKIPPED = new Set(["display"]);
/** Fields shown first, in this order. */
const LEADING = ["amount", "reason", "note", "name", "model", "group", "role", "from", "to"];

const SHOWN = 4;

export type AuditDetailField = { field: string; value: string; isMoney: boolean };

function isMoney(action: string, field: string, value: unknown): value is string | number {
  if (!MONEY_FIELDS.has(field) && !MONEY_FIELDS_OF[action]?.has(field)) return false;
  return (typeof value === "string" && /^-?\d{1,30}$/.test(value)) || (typeof value === "number" && Number.isSafeInteger(value));
}

/** 0 for a leading field (by its place in LEADING), 2 for an id or the e-mail, 1 for the rest. */
function rank(field: string): number {
  const leading = LEADING.indexOf(field);
  if (leading >= 0) return leading / LEADING.length;
  return field === "email" || field === "id" || /Ids?$/.test(field) ? 2 : 1;
}

/** Every field of the details, the important ones first, each value as text (money as dollars, objects as JSON). */
export function auditDetailFields(action: string, details: unknown): AuditDetailField[] {
  if (details === null || typeof details !== "object" || Array.isArray(details)) return [];
  return Object.entries(details as Record<string, unknown>)
    .filter(([field]) => !SKIPPED.has(field))
    .map(([field, value], index) => ({ field, value, index }))
    .sort((a, b) => rank(a.field) - rank(b.field) || a.index - b.index)
    .map(({ field, value }) => {
      if (isMoney(action, field, value)) return { field, value: formatUsd(BigInt(value)), isMoney: true };
      return { field, value: typeof value === "object" ? JSON.stringify(value) : String(value), isMoney: false };
    });
}

/** The one-line summary in the log's table: the first few fields of auditDetailFields. */
export function summarizeAuditDetails(action: string, details: unknown): string {
  return auditDetailFields(action, details)
    .slice(0, SHOWN)
    .map(({ field, value }) => `${field}=${value}`)
    .join(" · ");
}
