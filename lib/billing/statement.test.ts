import { describe, expect, it } from "vitest";
import { prisma } from "../db";
import { systemAccountId, walletId } from "./accounts";
import { grantTrialCredit } from "./grant-trial-credit";
import { placeHold, settleHold } from "./holds";
import { adjustWallet, creditWallet, post } from "./ledger";
import { getStatement, statementCsv } from "./statement";
import { fundedWallet } from "./test-support/fixtures";

async function usage(accountId: string, amount: bigint, key: string) {
  await post({
    kind: "usage",
    idempotencyKey: key,
    legs: [
      { accountId, bucket: "trial", amount: -amount },
      { accountId: await systemAccountId("usage_revenue"), bucket: "system", amount },
    ],
  });
}

describe("statement", () => {
  it("lists movements with an exact running balance, folding usage between them, and exports CSV", async () => {
    const user = await prisma().user.create({ data: { email: "statement@example.com" } });
    const owner = { userId: user.id };
    const accountId = await walletId(owner);
    await grantTrialCredit(user.id); // +1.00
    await usage(accountId, 100_000n, "u1");
    await usage(accountId, 250_000n, "u2");
    await creditWallet({ owner, amount: 20_000_000n, bucket: "paid", source: "card_payments", kind: "topup", idempotencyKey: "t1", metadata: { topUpId: "not-a-top-up" } });
    await usage(accountId, 50_000n, "u3");
    await adjustWallet({ owner, amount: 1_234_567n, reason: "=goodwill, \"sorry\"", idempotencyKey: "a1" });

    const rows = await getStatement({ accountId, order: "asc" });
    expect(rows.map((r) => [r.kind, r.amount, r.balance, r.count])).toEqual([
      ["trial", 1_000_000n, 1_000_000n, 1],
      ["usage", -350_000n, 650_000n, 2],
      ["topup", 20_000_000n, 20_650_000n, 1],
      ["usage", -50_000n, 20_600_000n, 1],
      ["adjustment", 1_234_567n, 21_834_567n, 1],
    ]);
    const newest = await getStatement({ accountId, limit: 2 });
    expect(newest.map((r) => r.kind)).toEqual(["adjustment", "usage"]);

    let csv = "";
    for await (const chunk of statementCsv({ accountId })) csv += chunk;
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("date_utc,type,description,amount_usd,balance_usd,requests,reference,receipt_url");
    expect(lines).toHaveLength(6);
    expect(lines[2]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,usage,Usage \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d,-0\.350000,0\.650000,2,usage:\d{4}-\d\d,$/);
    expect(lines[3]).toMatch(/,topup,Card top-up,20\.000000,20\.650000,1,not-a-top-up,$/);
    expect(lines[5]).toMatch(/,adjustment,"'=goodwill, ""sorry""",1\.234567,21\.834567,1,/);
  });

  it("counts every request of a usage row, also when one batch posted several of them in one transaction", async () => {
    const { walletId: accountId } = await fundedWallet({ trial: 1_000_000n });
    const holds = await Promise.all([1, 2, 3].map((n) => placeHold({ walletId: accountId, amount: 10_000n, idempotencyKey: `statement:batch:${n}` })));
    // settled at once: the hot path commits them in one batch, one usage transaction for the wallet
    await Promise.all(holds.map((hold, n) => settleHold(hold, { cost: BigInt(1_000 * (n + 1)), requestId: `statement:batch:${n}` })));
    await usage(accountId, 500n, "statement:durable-like");
    const rows = await getStatement({ accountId, order: "asc" });
    expect(rows.map((r) => [r.kind, r.amount, r.balance, r.count])).toEqual([
      ["trial", 1_000_000n, 1_000_000n, 1],
      ["usage", -6_500n, 993_500n, 4],
    ]);
  });
});
