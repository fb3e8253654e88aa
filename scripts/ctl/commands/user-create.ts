import { z } from "zod";
import { createUser } from "../../../lib/auth/create-user";
import { hashPassword } from "../../../lib/auth/password";
import { authErrors, authSchemas } from "../../../lib/auth/schemas";
import { getWalletBalance, walletId } from "../../../lib/billing/accounts";
import { adjustWallet } from "../../../lib/billing/ledger";
import { fromZodError } from "../../../lib/errors";
import { formatUsd } from "../../../lib/money";
import { defineCommand } from "../command";
import { switchFlag, text, usd } from "../flag-types";

export default defineCommand({
  name: "user:create",
  summary: "Create an account (with the trial credit); --admin makes it an operator, --credit adds paid credit",
  usage: "user:create --email E --password P [--name N] [--admin] [--credit USD]",
  flags: z.object({
    email: text("the account's email"),
    password: text("at least 10 characters"),
    name: text("a display name").optional(),
    admin: switchFlag,
    credit: usd().optional(),
  }),
  async run({ flags, out }) {
    const parsed = authSchemas(authErrors("en")).signUp.safeParse({ email: flags.email, password: flags.password, name: flags.name });
    if (!parsed.success) throw fromZodError(parsed.error);
    const { email, password, name } = parsed.data;
    const user = await createUser({ email, passwordHash: await hashPassword(password), name, isOperator: flags.admin, actor: { kind: "cli" } });
    if (flags.credit !== undefined) {
      await adjustWallet({ owner: { userId: user.id }, amount: flags.credit, reason: "Initial credit (ctl user:create)", idempotencyKey: `ctl:user-create:${user.id}` });
    }
    const balance = await getWalletBalance(await walletId({ userId: user.id }));
    out(`Created ${user.email} (${user.id})${user.isOperator ? " — operator" : ""}.`);
    out(`Balance: ${formatUsd(balance.total)} (paid ${formatUsd(balance.paid)}, trial ${formatUsd(balance.trial)})`);
  },
});
