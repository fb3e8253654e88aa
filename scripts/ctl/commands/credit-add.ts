import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "../../../lib/audit/record-audit";
import { getWalletBalance, walletId } from "../../../lib/billing/accounts";
import { adjustWallet } from "../../../lib/billing/ledger";
import { formatUsd } from "../../../lib/money";
import { defineCommand } from "../command";
import { text, usd } from "../flag-types";
import { findWalletTarget, hasOneWalletTarget, ONE_WALLET_TARGET, walletTargetFlags } from "../wallet-target";

export default defineCommand({
  name: "credit:add",
  summary: "Adjust an account's or an organization's balance (a ledger entry with a reason); a negative amount removes credit",
  usage: "credit:add (--email E | --org SLUG) --amount USD --reason TEXT [--idempotency-key KEY]",
  flags: z.object({
    ...walletTargetFlags,
    amount: usd({ allowNegative: true }),
    reason: text("why, for the audit log").refine((value) => value.trim().length <= 500, { message: "must be at most 500 characters" }),
    "idempotency-key": text("a unique key; the same key never moves money twice").optional(),
  }).refine(hasOneWalletTarget, ONE_WALLET_TARGET),
  async run({ flags, out }) {
    const target = await findWalletTarget(flags);
    const idempotencyKey = `ctl:credit:${flags["idempotency-key"] ?? randomUUID()}`;
    const result = await adjustWallet({ owner: target.owner, amount: flags.amount, reason: flags.reason.trim(), idempotencyKey });
    if (!result.isDuplicate) {
      await recordAudit({
        actor: { kind: "cli" },
        action: "wallet.adjust",
        targetType: target.type,
        targetId: target.id,
        orgId: target.orgId,
        details: { amount: flags.amount, reason: flags.reason.trim(), transactionId: result.transactionId },
      });
    }
    const balance = await getWalletBalance(await walletId(target.owner));
    const verb = result.isDuplicate ? "Already applied" : flags.amount > 0n ? "Added" : "Removed";
    out(`${verb} ${formatUsd(flags.amount < 0n ? -flags.amount : flags.amount)} ${flags.amount > 0n ? "to" : "from"} ${target.label}. Balance: ${formatUsd(balance.total)}`);
  },
});
