import "server-only";
import { trialCreditMicros } from "../settings";
import { creditWallet } from "./ledger";
import { SYSTEM_MEMOS } from "./system-memos";

/** Give a new account its trial credit, once (idempotent per user). Returns the amount granted. */
export async function grantTrialCredit(userId: string): Promise<bigint> {
  const amount = await trialCreditMicros();
  if (amount <= 0n) return 0n;
  const result = await creditWallet({
    owner: { userId },
    amount,
    bucket: "trial",
    source: "promotions",
    kind: "trial",
    idempotencyKey: `trial:${userId}`,
    memo: SYSTEM_MEMOS.trialCredit,
  });
  return result.isDuplicate ? 0n : amount;
}
