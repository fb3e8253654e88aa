/**
 * The one-line summary of an audit entry's details in the operator's audit log: its first few fields, with amounts
 * of money shown as dollars. Details keep amounts as micro-units (the CSV export and the entry's JSON stay exact);
 * "amount=20000000" in a list read as twenty million.
 */
import { formatUsd } from "../money";

/** Fields that hold micro-units in every action that writes them. */
const MONEY_FIELDS = new Set([
  "amount", "before", "after", "trialCredit", "forfeited", "threshold", "creditCap", "requested", "total", "shortfall",
  "disputed", "frozen", "inputPerM", "outputPerM", "cacheReadPerM", "cacheWritePerM", "perImage",
]);
/** Fields that hold micro-units only in some actions (elsewhere a role or a name). */
const MONEY_FIELDS_OF: Record<string, Set<string>> = { "member.allowance": new Set(["from", "to"]) };
/** Fields left out of the summary: a copy of another one. */
const SKIPPED = new Set(["display"]);

const SHOWN = 4;

function isMoney(action: string, field: string, value: unknown): value is string | number {
  if (!MONEY_FIELDS.has(field) && !MONEY_FIELDS_OF[action]?.has(field)) return false;
  return (typeof value === "string" && /^-?\d{1,30}$/.test(value)) || (typeof value === "number" && Number.isSafeInteger(value));
}

export function summarizeAuditDetails(action: string, details: unknown): string {
  if (details === null || typeof details !== "object" || Array.isArray(details)) return "";
  return Object.entries(details as Record<string, unknown>)
    .filter(([field]) => !SKIPPED.has(field))
    .slice(0, SHOWN)
    .map(([field, value]) => {
      if (isMoney(action, field, value)) return `${field}=${formatUsd(BigInt(value))}`;
      return `${field}=${typeof value === "object" ? JSON.stringify(value) : String(value)}`;
    })
    .join(" ");
}
