import { z } from "zod";
import { runLedgerCheck } from "../../../lib/admin/ledger-check";
import { defineCommand } from "../command";

export default defineCommand({
  name: "ledger:check",
  summary: "Recompute every balance from the ledger entries; exit 1 and list the accounts that disagree",
  usage: "ledger:check",
  flags: z.object({}),
  async run({ out, err }) {
    const result = await runLedgerCheck({ actor: { kind: "cli" } });
    if (result.isOk) {
      out(`Ledger OK: ${result.accounts} accounts and ${result.transactions} transactions agree; no balance is negative (${result.durationMs} ms).`);
      return 0;
    }
    err(`Ledger check FAILED: ${result.problemCount} problem(s) in ${result.accounts} accounts.`);
    for (const problem of result.allProblems) err(`  ${problem.accountId}: ${problem.problem}`);
    return 1;
  },
});
