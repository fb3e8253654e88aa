import { z } from "zod";
import { setLowBalanceThreshold } from "../../../lib/billing/low-balance";
import { formatUsd, parseUsd } from "../../../lib/money";
import { defineCommand } from "../command";
import { findUserByEmail } from "../find-user";
import { text } from "../flag-types";

const threshold = text("an amount in USD, or off").transform((value, ctx) => {
  if (value.trim().toLowerCase() === "off") return null;
  const micros = parseUsd(value);
  if (micros === undefined || micros <= 0n) {
    ctx.addIssue({ code: "custom", message: `"${value}" is not a positive amount in USD (like 5 or 2.50) or off` });
    return z.NEVER;
  }
  return micros;
});

export default defineCommand({
  name: "balance:alert",
  summary: "Set (or turn off) an account's low-balance alert: one e-mail when the balance falls below it",
  usage: "balance:alert --email E --threshold USD|off",
  flags: z.object({ email: text("the account's email"), threshold }),
  async run({ flags, out }) {
    const user = await findUserByEmail(flags.email);
    await setLowBalanceThreshold({ userId: user.id, threshold: flags.threshold, actor: { kind: "cli" } });
    out(flags.threshold === null ? `Low-balance alert off for ${user.email}.` : `${user.email} will get one e-mail when the balance falls below ${formatUsd(flags.threshold)}.`);
  },
});
