import { z } from "zod";
import { getWalletBalance, walletId } from "../../../lib/billing/accounts";
import { formatUsd, formatUsdExact } from "../../../lib/money";
import { defineCommand } from "../command";
import { switchFlag } from "../flag-types";
import { findWalletTarget, hasOneWalletTarget, ONE_WALLET_TARGET, walletTargetFlags } from "../wallet-target";

export default defineCommand({
  name: "balance",
  summary: "Print an account's or an organization's balance in USD (--details for paid, trial and held apart)",
  usage: "balance (--email E | --org SLUG) [--details]",
  flags: z.object({ ...walletTargetFlags, details: switchFlag }).refine(hasOneWalletTarget, ONE_WALLET_TARGET),
  async run({ flags, out }) {
    const { owner } = await findWalletTarget(flags);
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
