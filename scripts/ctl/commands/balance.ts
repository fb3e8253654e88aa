import { z } from "zod";
import { getWalletBalance, walletId } from "../../../lib/billing/accounts";
import { formatUsd, formatUsdExact } from "../../../lib/money";
import { findOrganizationBySlug } from "../../../lib/orgs/find-organization";
import { defineCommand } from "../command";
import { findUserByEmail } from "../find-user";
import { switchFlag, text } from "../flag-types";

export default defineCommand({
  name: "balance",
  summary: "Print an account's or an organization's balance in USD (--details for paid, trial and held apart)",
  usage: "balance (--email E | --org SLUG) [--details]",
  flags: z
    .object({ email: text("the account's email").optional(), org: text("the organization's slug (deleted ones too)").optional(), details: switchFlag })
    .refine((flags) => (flags.email === undefined) !== (flags.org === undefined), { message: "give either --email or --org", path: ["email"] }),
  async run({ flags, out }) {
    const owner = flags.org
      ? { orgId: (await findOrganizationBySlug(flags.org, { includeDeleted: true })).id }
      : { userId: (await findUserByEmail(flags.email ?? "")).id };
    const balance = await getWalletBalance(await walletId(owner));
    if (!flags.details) {
      out(formatUsd(balance.total));
      return;
    }
    out(`total      ${formatUsd(balance.total)}`);
    out(`paid       ${formatUsd(balance.paid)}`);
    out(`trial      ${formatUsd(balance.trial)}`);
    out(`held       ${formatUsd(balance.held)}`);
    out(`available  ${formatUsd(balance.available)}  (${formatUsdExact(balance.available)} exactly)`);
  },
});
