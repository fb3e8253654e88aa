import { z } from "zod";
import { getWalletBalance, walletId } from "../../../lib/billing/accounts";
import { formatUsd, formatUsdExact } from "../../../lib/money";
import { defineCommand } from "../command";
import { findUserByEmail } from "../find-user";
import { switchFlag, text } from "../flag-types";

export default defineCommand({
  name: "balance",
  summary: "Print an account's balance in USD (--details for paid, trial and held apart)",
  usage: "balance --email E [--details]",
  flags: z.object({ email: text("the account's email"), details: switchFlag }),
  async run({ flags, out }) {
    const user = await findUserByEmail(flags.email);
    const balance = await getWalletBalance(await walletId({ userId: user.id }));
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
