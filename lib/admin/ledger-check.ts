/**
 * Running the ledger check on demand (admin home, CLI) and remembering the latest result for the admin home.
 */
import "server-only";
import { checkLedger, type LedgerProblem } from "../billing/ledger";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { getSetting, setSetting } from "../settings";

export type LedgerCheckRecord = {
  isOk: boolean;
  accounts: number;
  transactions: number;
  problemCount: number;
  /** The first problems only; the CLI prints them all. */
  problems: LedgerProblem[];
  checkedAt: string;
  durationMs: number;
};

const SETTING_KEY = "ledger_check_last";
const KEPT_PROBLEMS = 20;

export async function runLedgerCheck({ actor }: { actor: AuditActor }): Promise<LedgerCheckRecord & { allProblems: LedgerProblem[] }> {
  const started = performance.now();
  const result = await checkLedger();
  const record: LedgerCheckRecord = {
    isOk: result.ok,
    accounts: result.accounts,
    transactions: result.transactions,
    problemCount: result.problems.length,
    problems: result.problems.slice(0, KEPT_PROBLEMS),
    checkedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
  };
  await setSetting(SETTING_KEY, record);
  await recordAudit({ actor, action: "ledger.check", targetType: "ledger", details: { isOk: record.isOk, problemCount: record.problemCount } });
  return { ...record, allProblems: result.problems };
}

export async function getLastLedgerCheck(): Promise<LedgerCheckRecord | null> {
  return getSetting<LedgerCheckRecord | null>(SETTING_KEY, null);
}
