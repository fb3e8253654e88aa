/**
 * A wallet's statement: every ledger movement a customer can reconcile — top-ups (with Stripe's receipt link),
 * refunds, adjustments, trial credit, disputes — and usage summed per calendar month (UTC), each with the running
 * balance (paid + trial) after it.
 *
 * The running balance is exact: it is summed over every entry in ledger order before usage is folded, and a month's
 * usage is split where another movement falls inside it (so "usage, 1–14 March", top-up, "usage, 14–31 March"),
 * which keeps each row's balance equal to what the wallet held at that point.
 */
import "server-only";
import { sql } from "../db";
import { usageSettlementsSql } from "./ledger";
import { formatUsdExact } from "../money";

export type StatementKind = "topup" | "refund" | "adjustment" | "trial" | "usage" | "dispute" | "loss" | "other";

export type StatementRow = {
  /** when the movement happened (for usage: the last request of the period) */
  at: Date;
  /** for usage: the first request of the period */
  periodStart: Date | null;
  kind: StatementKind;
  /** the operator's reason on an adjustment, or the ledger memo */
  memo: string | null;
  /** signed change of the balance */
  amount: bigint;
  /** paid + trial after this row */
  balance: bigint;
  /** requests in a usage row */
  count: number;
  receiptUrl: string | null;
  /** top-up id for top-ups and refunds, transaction id otherwise */
  reference: string;
};

const KINDS = new Set<StatementKind>(["topup", "refund", "adjustment", "trial", "usage", "dispute", "loss"]);

type Row = {
  at: Date;
  period_start: Date | null;
  kind: string;
  memo: string | null;
  amount: bigint;
  balance: bigint;
  count: bigint;
  receipt_url: string | null;
  reference: string;
};

/** The statement of one wallet, newest first (`order: "asc"` for oldest first, as the CSV has it). */
export async function getStatement({ accountId, order = "desc", limit }: { accountId: string; order?: "asc" | "desc"; limit?: number }): Promise<StatementRow[]> {
  const { rows } = await sql<Row>(
    `with tx as (
       select t.id, t.kind, t.memo, t.metadata, t.created_at, min(e.id) as seq, sum(e.amount)::bigint as amount
         from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
        where e.account_id = $1
        group by t.id
     ), running as (
       select tx.*, (sum(amount) over (order by seq))::bigint as balance,
              count(*) filter (where kind <> 'usage') over (order by seq) as segment
         from tx
     ), folded as (
       select r.created_at as at, null::timestamptz as period_start, r.kind, r.memo, r.amount, r.balance, 1::bigint as count,
              tu.receipt_url, coalesce(r.metadata->>'topUpId', r.id::text) as reference, r.seq
         from running r left join top_ups tu on r.kind = 'topup' and tu.id::text = r.metadata->>'topUpId'
        where r.kind <> 'usage'
       union all
       select max(created_at), min(created_at), 'usage', null, sum(amount)::bigint, (array_agg(balance order by seq desc))[1],
              sum(${usageSettlementsSql("running")})::bigint, null, 'usage:' || to_char(date_trunc('month', min(created_at) at time zone 'UTC'), 'YYYY-MM'), max(seq)
         from running where kind = 'usage'
        group by date_trunc('month', created_at at time zone 'UTC'), segment
     )
     select at, period_start, kind, memo, amount, balance, count, receipt_url, reference from folded
      order by seq ${order === "asc" ? "asc" : "desc"}
      limit $2`,
    [accountId, limit ?? null],
  );
  return rows.map((r) => ({
    at: r.at,
    periodStart: r.period_start,
    kind: KINDS.has(r.kind as StatementKind) ? (r.kind as StatementKind) : "other",
    memo: r.memo,
    amount: r.amount,
    balance: r.balance,
    count: Number(r.count),
    receiptUrl: r.receipt_url,
    reference: r.reference,
  }));
}

const CSV_LABELS: Record<StatementKind, string> = {
  topup: "Card top-up",
  refund: "Refund to card",
  adjustment: "Adjustment",
  trial: "Trial credit",
  usage: "Usage",
  dispute: "Card dispute",
  loss: "Write-off",
  other: "Other",
};

export const STATEMENT_CSV_HEADER = ["date_utc", "type", "description", "amount_usd", "balance_usd", "requests", "reference", "receipt_url"];

/** One CSV field: quoted when needed; text that a spreadsheet would run as a formula is defused. */
function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvLine(row: StatementRow): string {
  const description =
    row.kind === "usage" && row.periodStart ? `${CSV_LABELS.usage} ${row.periodStart.toISOString().slice(0, 10)} to ${row.at.toISOString().slice(0, 10)}` : (row.memo ?? CSV_LABELS[row.kind]);
  return [
    row.at.toISOString(),
    row.kind,
    field(description),
    formatUsdExact(row.amount),
    formatUsdExact(row.balance),
    String(row.count),
    field(row.reference),
    field(row.receiptUrl ?? ""),
  ].join(",");
}

/** The statement as CSV lines (header first, oldest first), USD with 6 decimals, ISO-8601 UTC timestamps. */
export async function* statementCsv({ accountId }: { accountId: string }): AsyncGenerator<string> {
  yield `${STATEMENT_CSV_HEADER.join(",")}\n`;
  const rows = await getStatement({ accountId, order: "asc" });
  const CHUNK = 500;
  for (let i = 0; i < rows.length; i += CHUNK) yield rows.slice(i, i + CHUNK).map((row) => `${csvLine(row)}\n`).join("");
}
