import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FakeStripe } from "../../../tests/fakes/stripe";
import { startStripeHarness, stopStripeHarness } from "../../../tests/fakes/stripe-harness";
import { getWalletBalance, walletId } from "../../billing/accounts";
import { checkFreezes } from "../../billing/card-movements";
import { grantTrialCredit } from "../../billing/grant-trial-credit";
import { placeHold, voidHold } from "../../billing/holds";
import { adjustWallet, checkLedger } from "../../billing/ledger";
import { prisma, sql } from "../../db";
import { createTopUp } from "../create-top-up";
import { approveRefund } from "./approve-refund";
import { listRefundRequests } from "./list-refund-requests";
import { rejectRefund } from "./reject-refund";
import { requestRefund } from "./request-refund";

let fake: FakeStripe;
let operatorId: string;

beforeAll(async () => {
  fake = await startStripeHarness();
  operatorId = (await prisma().user.create({ data: { email: "ops@example.com", isOperator: true } })).id;
});

afterEach(async () => {
  // a test that failed while webhooks were held must not hold them for the next one
  await fake.flushWebhooks();
});

afterAll(async () => {
  await stopStripeHarness(fake);
});

let users = 0;
async function customer() {
  users += 1;
  const user = await prisma().user.create({ data: { email: `refund-${users}@example.com` } });
  return { userId: user.id, accountId: await walletId({ userId: user.id }) };
}

async function paidTopUp(userId: string, amount: string) {
  const { topUpId, checkoutUrl } = await createTopUp({ userId, amount });
  fake.pay(checkoutUrl.split("/").pop()!);
  await fake.idle();
  return topUpId;
}

async function audits(targetId: string) {
  const { rows } = await sql<{ action: string }>(`select action from audit_logs where target_id = $1 order by id`, [targetId]);
  return rows.map((r) => r.action);
}

describe("refunds", () => {
  it("refuses more than the unspent paid credit, with a clear message; trial credit is never refundable", async () => {
    const { userId, accountId } = await customer();
    await grantTrialCredit(userId);
    await paidTopUp(userId, "20");
    // $6 spent: the $1 trial goes first, then $5 of paid credit
    await adjustWallet({ owner: { userId }, amount: -6_000_000n, reason: "usage stand-in", idempotencyKey: `spend-${userId}` });
    expect(await getWalletBalance(accountId)).toMatchObject({ trial: 0n, paid: 15_000_000n });
    await expect(requestRefund({ userId, amount: "15.01" })).rejects.toMatchObject({
      code: "validation_failed",
      message: expect.stringMatching(/at most \$15\.00\. Refunds return unspent credit bought by card; trial credit and credit already spent are not refundable\./),
    });
    await expect(requestRefund({ userId, amount: "1.005" })).rejects.toMatchObject({ message: "Refunds are whole cents" });
    await expect(requestRefund({ userId, amount: "99999999999999999999" })).rejects.toMatchObject({ message: expect.stringMatching(/at most \$15\.00/) });
    const first = await requestRefund({ userId, amount: "10", reason: "moving on" });
    expect(first).toMatchObject({ status: "requested", amount: 10_000_000n });
    // an open request counts against what can still be asked for
    await expect(requestRefund({ userId, amount: "5.01" })).rejects.toMatchObject({ message: expect.stringMatching(/at most \$5\.00/) });
  });

  it("does not refund credit that an in-flight request holds in memory", async () => {
    const { userId, accountId } = await customer();
    await paidTopUp(userId, "20");
    const hold = await placeHold({ walletId: accountId, amount: 8_000_000n, idempotencyKey: `inflight-${userId}` });
    await expect(requestRefund({ userId, amount: "12.01" })).rejects.toMatchObject({ message: expect.stringMatching(/at most \$12\.00/) });
    await voidHold(hold);
    expect(await requestRefund({ userId, amount: "20" })).toMatchObject({ status: "requested", amount: 20_000_000n });
  });

  it("refuses any refund of trial-only credit", async () => {
    const { userId } = await customer();
    await grantTrialCredit(userId);
    await expect(requestRefund({ userId, amount: "1" })).rejects.toMatchObject({ message: expect.stringMatching(/^Nothing is refundable right now/) });
  });

  it("round-trips a valid refund across two charges, newest first; the ledger follows charge.refunded", async () => {
    const { userId, accountId } = await customer();
    const older = await paidTopUp(userId, "20");
    const newer = await paidTopUp(userId, "5");
    const request = await requestRefund({ userId, amount: "12.50" });
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 25_000_000n, frozen: 0n });

    fake.pauseWebhooks();
    const approved = await approveRefund({ requestId: request.id, operatorId, note: "ok" });
    // Stripe has refunded; the ledger waits for the webhook, and the amount is frozen meanwhile
    expect(approved.status).toBe("approved");
    expect(approved.allocations.map((a) => [a.topUpId, a.amount, a.status])).toEqual([
      [newer, 5_000_000n, "pending"],
      [older, 7_500_000n, "pending"],
    ]);
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 25_000_000n, frozen: 12_500_000n, available: 12_500_000n });
    const created = [...fake.refunds.values()];
    expect(created.map((r) => r.amount)).toEqual([500, 750]);
    expect(fake.requests.filter((r) => r.path === "/v1/refunds" && r.method === "POST").every((r) => r.idempotencyKey?.startsWith("refund-allocation-"))).toBe(true);

    await fake.flushWebhooks();
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 12_500_000n, frozen: 0n, available: 12_500_000n });
    const [done] = await listRefundRequests({ userId });
    expect(done).toMatchObject({ id: request.id, status: "completed", decidedBy: operatorId });
    expect(done.stripeRefundIds.sort()).toEqual(created.map((r) => r.id).sort());
    expect(await prisma().topUp.findUniqueOrThrow({ where: { id: older } })).toMatchObject({ refunded: 7_500_000n });
    expect(await prisma().topUp.findUniqueOrThrow({ where: { id: newer } })).toMatchObject({ refunded: 5_000_000n });
    expect(await audits(request.id)).toEqual(["refund.requested", "refund.approved", "refund.submitted", "refund.submitted", "refund.completed"]);
    const refunds = await sql<{ total: bigint }>(
      `select coalesce(sum(e.amount), 0)::bigint as total from ledger_entries e join ledger_accounts a on a.id = e.account_id
        join ledger_transactions t on t.id = e.transaction_id where a.code = 'refunds' and t.metadata->>'topUpId' in ($1, $2)`,
      [older, newer],
    );
    expect(refunds.rows[0].total).toBe(12_500_000n);
    expect((await checkLedger()).ok).toBe(true);
    expect((await checkFreezes()).ok).toBe(true);
    // approving twice is refused, and Stripe was asked exactly twice
    await expect(approveRefund({ requestId: request.id, operatorId })).rejects.toMatchObject({ code: "conflict" });
    expect(fake.refunds.size).toBeGreaterThanOrEqual(2);
  });

  it("refuses to approve when the credit was spent since the request", async () => {
    const { userId, accountId } = await customer();
    await paidTopUp(userId, "20");
    const request = await requestRefund({ userId, amount: "15" });
    await adjustWallet({ owner: { userId }, amount: -10_000_000n, reason: "spent meanwhile", idempotencyKey: `spent-${userId}` });
    await expect(approveRefund({ requestId: request.id, operatorId })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/has \$10\.00 of unspent card credit now, less than the \$15\.00 requested/),
    });
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 10_000_000n, frozen: 0n });
    await rejectRefund({ requestId: request.id, operatorId, note: "spent" });
    const [rejected] = await listRefundRequests({ userId });
    expect(rejected).toMatchObject({ status: "rejected", decisionNote: "spent" });
    await expect(rejectRefund({ requestId: request.id, operatorId })).rejects.toMatchObject({ code: "conflict" });
  });

  it("releases the freeze and fails the request when Stripe refuses the refund", async () => {
    const { userId, accountId } = await customer();
    const topUpId = await paidTopUp(userId, "20");
    const request = await requestRefund({ userId, amount: "20" });
    // the charge was fully refunded from the dashboard meanwhile, and that webhook has not arrived yet
    fake.pauseWebhooks();
    const topUp = await prisma().topUp.findUniqueOrThrow({ where: { id: topUpId } });
    fake.refund({ chargeId: topUp.stripeChargeId! });
    const result = await approveRefund({ requestId: request.id, operatorId });
    expect(result.status).toBe("failed");
    expect(result.allocations[0].error).toMatch(/already been refunded/);
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 20_000_000n, frozen: 0n });
    await fake.flushWebhooks();
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 0n, frozen: 0n });
    expect((await checkLedger()).ok).toBe(true);
    expect((await checkFreezes()).ok).toBe(true);
  });

  it("books a dashboard refund of already-spent credit to losses instead of overdrawing", async () => {
    const { userId, accountId } = await customer();
    const topUpId = await paidTopUp(userId, "20");
    await adjustWallet({ owner: { userId }, amount: -18_000_000n, reason: "spent", idempotencyKey: `spent-all-${userId}` });
    const topUp = await prisma().topUp.findUniqueOrThrow({ where: { id: topUpId } });
    fake.refund({ chargeId: topUp.stripeChargeId!, amount: 500 });
    await fake.idle();
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 0n });
    const losses = await sql<{ total: bigint }>(
      `select coalesce(sum(e.amount), 0)::bigint as total from ledger_entries e join ledger_accounts a on a.id = e.account_id
        join ledger_transactions t on t.id = e.transaction_id where a.code = 'losses' and t.metadata->>'topUpId' = $1`,
      [topUpId],
    );
    expect(losses.rows[0].total).toBe(-3_000_000n);
    expect((await checkLedger()).ok).toBe(true);
  });
});
