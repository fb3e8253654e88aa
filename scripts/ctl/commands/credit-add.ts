import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "../../../lib/audit/record-audit";
import { getWalletBalance, walletId } from "../../../lib/billing/accounts";
import { adjustWallet } from "../../../lib/billing/ledger";
import { formatUsd } from "../../../lib/money";
import { defineCommand } from "../command";
import { findOrganizationBySlug } from "../../../lib/orgs/find-organization";
import { findUserByEmail } from "../find-user";
import { text, usd } from "../flag-types";

export default defineCommand({
  name: "credit:add",
  summary: "Adjust an account's or an organization's balance (a ledger entry with a reason); a negative amount removes credit",
  usage: "credit:add (--email E | --org SLUG) --amount USD --reason TEXT [--idempotency-key KEY]",
  flags: z.object({
    email: text("the account's email").optional(),
    org: text("the organization's slug (its shared wallet)").optional(),
    amount: usd({ allowNegative: true }),
    reason: text("why, for the audit log").refine((value) => value.trim().length <= 500, { message: "must be at most 500 characters" }),
    "idempotency-key": text("a unique key; the same key never moves money twice").optional(),
  }).refine((flags) => (flags.email === undefined) !== (flags.org === undefined), { message: "give either --email or --org", path: ["email"] }),
  async run({ flags, out }) {
    const target = flags.org
      ? // a deleted organization too: its remaining balance is the operator's to settle
        await findOrganizationBySlug(flags.org, { includeDeleted: true }).then((org) => ({
          owner: { orgId: org.id },
          type: "organization",
          id: org.id,
          label: org.isDeleted ? `${org.name} (deleted)` : org.name,
          orgId: org.id,
        }))
      : await findUserByEmail(flags.email ?? "").then((user) => ({ owner: { userId: user.id }, type: "user", id: user.id, label: user.email, orgId: null }));
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
