import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "../../../lib/audit/record-audit";
import { getWalletBalance, walletId } from "../../../lib/billing/accounts";
import { adjustWallet } from "../../../lib/billing/ledger";
import { formatUsd } from "../../../lib/money";
import { defineCommand } from "../command";
import { findUserByEmail } from "../find-user";
import { text, usd } from "../flag-types";

export default defineCommand({
  name: "credit:add",
  summary: "Adjust an account's balance (a ledger entry with a reason); a negative amount removes credit",
  usage: "credit:add --email E --amount USD --reason TEXT [--idempotency-key KEY]",
  flags: z.object({
    email: text("the account's email"),
    amount: usd({ allowNegative: true }),
    reason: text("why, for the audit log").refine((value) => value.trim().length <= 500, { message: "must be at most 500 characters" }),
    "idempotency-key": text("a unique key; the same key never moves money twice").optional(),
  }),
  async run({ flags, out }) {
    const user = await findUserByEmail(flags.email);
    const idempotencyKey = `ctl:credit:${flags["idempotency-key"] ?? randomUUID()}`;
    const result = await adjustWallet({ owner: { userId: user.id }, amount: flags.amount, reason: flags.reason.trim(), idempotencyKey });
    if (!result.isDuplicate) {
      await recordAudit({
        actor: { kind: "cli" },
        action: "wallet.adjust",
        targetType: "user",
        targetId: user.id,
        details: { amount: flags.amount, reason: flags.reason.trim(), transactionId: result.transactionId },
      });
    }
    const balance = await getWalletBalance(await walletId({ userId: user.id }));
    const verb = result.isDuplicate ? "Already applied" : flags.amount > 0n ? "Added" : "Removed";
    out(`${verb} ${formatUsd(flags.amount < 0n ? -flags.amount : flags.amount)} ${flags.amount > 0n ? "to" : "from"} ${user.email}. Balance: ${formatUsd(balance.total)}`);
  },
});
