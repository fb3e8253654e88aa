/**
 * Refunds and disputes on the same card charge, through the real webhook route and the fake Stripe. A charge with
 * an open dispute cannot be refunded, a dispute covers at most what was not refunded, and money lost in a dispute is
 * gone from the charge: the wallet is debited at most once per dollar of a charge, whatever the order.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FakeStripe } from "../../../tests/fakes/stripe";
import { startStripeHarness, stopStripeHarness } from "../../../tests/fakes/stripe-harness";
import { getWalletBalance, walletId } from "../../billing/accounts";
import { checkFreezes } from "../../billing/card-movements";
import { adjustWallet, checkLedger } from "../../billing/ledger";
import { prisma, sql } from "../../db";
import { createTopUp } from "../create-top-up";
import { approveRefund } from "../refunds/approve-refund";
import { getRefundableForUser } from "../refunds/get-refundable-for-user";
import { getRefundRequest } from "../refunds/list-refund-requests";
import { requestRefund } from "../refunds/request-refund";
import { reviewRefundRequests } from "../refunds/review-refunds";

let fake: FakeStripe;
let operatorId: string;

beforeAll(async () => {
  fake = await startStripeHarness();
  operatorId = (await prisma().user.create({ data: { email: "disputes-ops@example.com", isOperator: true } })).id;
});

afterEach(async () => {
  await fake.flushWebhooks();
  await fake.idle();
});

afterAll(async () => {
  await stopStripeHarness(fake);
});

let users = 0;
async function customer() {
  users += 1;
  const user = await prisma().user.create({ data: { email: `disputed-${users}@example.com` } });
  return { userId: user.id, accountId: await walletId({ userId: user.id }) };
}

/** A paid card top-up; returns its id and Stripe charge id. */
async function paidTopUp(userId: string, amount: string) {
  const { topUpId, checkoutUrl } = await createTopUp({ userId, amount });
  fake.pay(checkoutUrl.split("/").pop()!);
  await fake.idle();
  const { stripeChargeId } = await prisma().topUp.findUniqueOrThrow({ where: { id: topUpId } });
  return { topUpId, chargeId: stripeChargeId! };
}

/** Credit an operator adds (paid, but never refundable to a card): keeps unspent credit from hiding the charge rule. */
async function operatorCredit(userId: string, amount: bigint) {
  await adjustWallet({ owner: { userId }, amount, reason: "goodwill", idempotencyKey: `goodwill-${userId}-${amount}` });
}

/** A refund asked for and approved, its charge.refunded booked. */
async function refunded(userId: string, amount: string) {
  const request = await requestRefund({ userId, amount });
  await approveRefund({ requestId: request.id, operatorId });
  await fake.idle();
  return (await getRefundRequest(request.id))!;
}

/** What left the wallet's paid credit for the cards: refunds and lost disputes (micro-units, positive). */
async function cardDebits(accountId: string) {
  const { rows } = await sql<{ refunds: bigint; disputes: bigint }>(
    `select coalesce(-sum(e.amount) filter (where t.kind = 'refund'), 0)::bigint as refunds,
            coalesce(-sum(e.amount) filter (where t.kind = 'dispute'), 0)::bigint as disputes
       from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
      where e.account_id = $1 and e.bucket = 'paid' and t.kind in ('refund', 'dispute')`,
    [accountId],
  );
  return rows[0];
}

async function disputeRow(disputeId: string) {
  const { rows } = await sql<{ top_up_id: string; amount: bigint; status: string; closed: boolean }>(
    `select top_up_id, amount, status, closed_at is not null as closed from top_up_disputes where id = $1`,
    [disputeId],
  );
  return rows[0];
}

async function expectBooksBalanced() {
  expect((await checkLedger()).problems).toEqual([]);
  expect((await checkFreezes()).problems).toEqual([]);
}

describe("refunds on disputed charges", () => {
  it("QA: $20 paid, $10 refunded, dispute opened: nothing more is refundable, and a lost dispute takes the other $10 once", async () => {
    const { userId, accountId } = await customer();
    const { topUpId, chargeId } = await paidTopUp(userId, "20");
    await operatorCredit(userId, 20_000_000n);
    expect((await refunded(userId, "10")).status).toBe("completed");
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 30_000_000n, frozen: 0n });

    const dispute = fake.dispute({ chargeId });
    // Stripe: a dispute covers what was not refunded
    expect(dispute.amount).toBe(1000);
    await fake.idle();
    expect(await disputeRow(dispute.id)).toEqual({ top_up_id: topUpId, amount: 10_000_000n, status: "open", closed: false });
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 30_000_000n, frozen: 10_000_000n });
    // the billing page said "Refundable now $10.00" here (20 of unspent paid credit, 10 left on the charge)
    expect(await getRefundableForUser({ userId })).toMatchObject({ unspentPaid: 20_000_000n, cardRefundable: 0n, refundable: 0n, hasDisputedCharge: true });
    await expect(requestRefund({ userId, amount: "10" })).rejects.toMatchObject({ code: "validation_failed", message: expect.stringMatching(/^Nothing is refundable right now/) });

    fake.closeDispute({ disputeId: dispute.id, status: "lost" });
    await fake.idle();
    expect(await disputeRow(dispute.id)).toMatchObject({ status: "lost", amount: 10_000_000n, closed: true });
    // $10 refunded + $10 lost = the $20 charge; the operator's $20 is untouched
    expect(await cardDebits(accountId)).toEqual({ refunds: 10_000_000n, disputes: 10_000_000n });
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 20_000_000n, frozen: 0n });
    expect(await getRefundableForUser({ userId })).toMatchObject({ cardRefundable: 0n, refundable: 0n, hasDisputedCharge: false });
    await expectBooksBalanced();
  });

  it("shows nothing refundable on a charge while its dispute is open, and what remains once it is won", async () => {
    const { userId, accountId } = await customer();
    const { chargeId } = await paidTopUp(userId, "20");
    fake.refund({ chargeId, amount: 500 });
    await fake.idle();
    expect(await getRefundableForUser({ userId })).toMatchObject({ cardRefundable: 15_000_000n, refundable: 15_000_000n });
    const dispute = fake.dispute({ chargeId });
    expect(dispute.amount).toBe(1500);
    await fake.idle();
    expect(await getRefundableForUser({ userId })).toMatchObject({ cardRefundable: 0n, refundable: 0n, hasDisputedCharge: true });
    fake.closeDispute({ disputeId: dispute.id, status: "won" });
    await fake.idle();
    expect(await disputeRow(dispute.id)).toMatchObject({ status: "won", closed: true });
    expect(await getRefundableForUser({ userId })).toMatchObject({ unspentPaid: 15_000_000n, cardRefundable: 15_000_000n, refundable: 15_000_000n, hasDisputedCharge: false });
    // and Stripe refunds it
    expect((await refunded(userId, "15")).status).toBe("completed");
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 0n, frozen: 0n });
    await expectBooksBalanced();
  });

  it("plans a refund on the charges that are not disputed, even when the disputed one is the newest", async () => {
    const { userId, accountId } = await customer();
    const older = await paidTopUp(userId, "10");
    const newer = await paidTopUp(userId, "20");
    await operatorCredit(userId, 20_000_000n);
    const dispute = fake.dispute({ chargeId: newer.chargeId });
    await fake.idle();
    expect(await getRefundableForUser({ userId })).toMatchObject({ unspentPaid: 30_000_000n, cardRefundable: 10_000_000n, refundable: 10_000_000n });
    const done = await refunded(userId, "10");
    expect(done.status).toBe("completed");
    expect(done.allocations.map((a) => [a.topUpId, a.amount])).toEqual([[older.topUpId, 10_000_000n]]);
    expect(fake.charges.get(newer.chargeId)!.amount_refunded).toBe(0);
    fake.closeDispute({ disputeId: dispute.id, status: "won" });
    await fake.idle();
    expect(await getRefundableForUser({ userId })).toMatchObject({ unspentPaid: 40_000_000n, cardRefundable: 20_000_000n, refundable: 20_000_000n });
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 40_000_000n, frozen: 0n });
    await expectBooksBalanced();
  });

  it("a lost dispute takes its amount out of what that charge can refund", async () => {
    const { userId, accountId } = await customer();
    const { chargeId } = await paidTopUp(userId, "20");
    await operatorCredit(userId, 20_000_000n);
    const dispute = fake.dispute({ chargeId, amount: 800 });
    await fake.idle();
    fake.closeDispute({ disputeId: dispute.id, status: "lost" });
    await fake.idle();
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 32_000_000n, frozen: 0n });
    expect(await getRefundableForUser({ userId })).toMatchObject({ unspentPaid: 32_000_000n, cardRefundable: 12_000_000n, refundable: 12_000_000n });
    await expect(requestRefund({ userId, amount: "12.01" })).rejects.toMatchObject({ message: expect.stringMatching(/at most \$12\.00/) });
    expect((await refunded(userId, "12")).status).toBe("completed");
    expect(await cardDebits(accountId)).toEqual({ refunds: 12_000_000n, disputes: 8_000_000n });
    expect(await getRefundableForUser({ userId })).toMatchObject({ cardRefundable: 0n, refundable: 0n });
    await expectBooksBalanced();
  });

  it("refuses to approve a request that a dispute made unrefundable, and changes nothing", async () => {
    const { userId, accountId } = await customer();
    const { topUpId, chargeId } = await paidTopUp(userId, "20");
    await operatorCredit(userId, 20_000_000n);
    const request = await requestRefund({ userId, amount: "15" });
    const review = async () => (await reviewRefundRequests([{ id: request.id, accountId, amount: 15_000_000n }])).get(request.id);
    expect(await review()).toEqual({ refundableNow: 20_000_000n, isShort: false, hasDisputedCharge: false });
    const dispute = fake.dispute({ chargeId });
    await fake.idle();
    // the operator's queue says so before anyone clicks Approve
    expect(await review()).toEqual({ refundableNow: 0n, isShort: true, hasDisputedCharge: true });
    const balance = await getWalletBalance(accountId);
    expect(balance).toMatchObject({ paid: 40_000_000n, frozen: 20_000_000n });
    const stripeCalls = fake.requests.length;
    const audits = await sql(`select 1 from audit_logs`);
    await expect(approveRefund({ requestId: request.id, operatorId })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/under dispute .* can take back \$0\.00 now, less than the \$15\.00 requested/),
    });
    expect(await getWalletBalance(accountId)).toEqual(balance);
    expect(await getRefundRequest(request.id)).toMatchObject({ status: "requested", allocations: [], decidedBy: null });
    expect(fake.requests.length).toBe(stripeCalls);
    expect((await sql(`select 1 from audit_logs`)).rowCount).toBe(audits.rowCount);
    expect((await sql(`select 1 from wallet_freezes where kind = 'refund' and reference = $1`, [request.id])).rowCount).toBe(0);
    expect((await prisma().topUp.findUniqueOrThrow({ where: { id: topUpId } })).refunded).toBe(0n);

    // once the dispute is won, the same request goes through
    fake.closeDispute({ disputeId: dispute.id, status: "won" });
    await fake.idle();
    expect(await review()).toEqual({ refundableNow: 20_000_000n, isShort: false, hasDisputedCharge: false });
    await approveRefund({ requestId: request.id, operatorId });
    await fake.idle();
    expect(await getRefundRequest(request.id)).toMatchObject({ status: "completed" });
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 25_000_000n, frozen: 0n });
    await expectBooksBalanced();
  });

  it("when Stripe knows of the dispute before we do, its charge_disputed refusal fails the request and releases the freeze", async () => {
    const { userId, accountId } = await customer();
    const { chargeId } = await paidTopUp(userId, "20");
    const request = await requestRefund({ userId, amount: "10" });
    fake.pauseWebhooks();
    const dispute = fake.dispute({ chargeId });
    const result = await approveRefund({ requestId: request.id, operatorId });
    expect(result.status).toBe("failed");
    expect(result.allocations[0]).toMatchObject({ status: "failed", error: expect.stringMatching(/charged back; cannot issue a refund/) });
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 20_000_000n, frozen: 0n });
    await fake.flushWebhooks();
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 20_000_000n, frozen: 20_000_000n });
    fake.closeDispute({ disputeId: dispute.id, status: "lost" });
    await fake.idle();
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 0n, frozen: 0n });
    expect(await cardDebits(accountId)).toEqual({ refunds: 0n, disputes: 20_000_000n });
    await expectBooksBalanced();
  });
});

describe("dispute events, replayed and out of order", () => {
  it("a closing that arrives before the opening freezes nothing afterwards", async () => {
    const { userId, accountId } = await customer();
    const { chargeId } = await paidTopUp(userId, "20");
    await operatorCredit(userId, 20_000_000n);
    fake.pauseWebhooks();
    const dispute = fake.dispute({ chargeId });
    fake.closeDispute({ disputeId: dispute.id, status: "lost" });
    const deliveries = await fake.flushWebhooks({ isReversed: true });
    expect(deliveries.map((d) => [d.type, d.status])).toEqual([
      ["charge.dispute.closed", 200],
      ["charge.dispute.created", 200],
    ]);
    expect(await disputeRow(dispute.id)).toMatchObject({ status: "lost", closed: true });
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 20_000_000n, frozen: 0n });
    expect(await cardDebits(accountId)).toEqual({ refunds: 0n, disputes: 20_000_000n });
    await expectBooksBalanced();
  });

  it("the same dispute's events under new event ids, several at once, freeze once and debit once", async () => {
    const { userId, accountId } = await customer();
    const { chargeId } = await paidTopUp(userId, "20");
    await operatorCredit(userId, 20_000_000n);
    fake.pauseWebhooks();
    const dispute = fake.dispute({ chargeId, amount: 1200 });
    await fake.flushWebhooks();
    const opened = { ...dispute, status: "needs_response" };
    const created = await Promise.all(Array.from({ length: 4 }, () => fake.emit("charge.dispute.created", opened)));
    expect(created.map((d) => d.status)).toEqual([200, 200, 200, 200]);
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 40_000_000n, frozen: 12_000_000n });
    fake.closeDispute({ disputeId: dispute.id, status: "lost" });
    await fake.flushWebhooks();
    const closed = await Promise.all(Array.from({ length: 4 }, () => fake.emit("charge.dispute.closed", { ...dispute })));
    expect(closed.map((d) => d.status)).toEqual([200, 200, 200, 200]);
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 28_000_000n, frozen: 0n });
    expect(await cardDebits(accountId)).toEqual({ refunds: 0n, disputes: 12_000_000n });
    const { rows } = await sql<{ action: string }>(`select action from audit_logs where details->>'disputeId' = $1 order by id`, [dispute.id]);
    expect(rows.map((r) => r.action)).toEqual(["dispute.created", "dispute.lost"]);
    await expectBooksBalanced();
  });
});

describe("races between a dispute and a refund approval", () => {
  const ROUNDS = 8;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /**
   * One customer: $20 by card, $20 from an operator, a $10 request. The dispute and the approval start together;
   * `isStripeFirst` opens the dispute at Stripe before either starts (only its webhook races the approval's
   * transaction), otherwise it opens after `disputeDelayMs` (the approval's refund may reach Stripe first). Then the
   * dispute is lost. Returns how the approval ended.
   */
  async function disputeDuringApproval({ isStripeFirst, disputeDelayMs, approveDelayMs }: { isStripeFirst: boolean; disputeDelayMs: number; approveDelayMs: number }) {
    const { userId, accountId } = await customer();
    const { topUpId, chargeId } = await paidTopUp(userId, "20");
    await operatorCredit(userId, 20_000_000n);
    const request = await requestRefund({ userId, amount: "10" });
    if (isStripeFirst) fake.pauseWebhooks();
    const early = isStripeFirst ? fake.dispute({ chargeId }) : undefined;
    const disputing = (async () => {
      await sleep(disputeDelayMs);
      if (early) {
        await fake.flushWebhooks();
        return early;
      }
      return fake.dispute({ chargeId });
    })();
    const approving = (async () => {
      await sleep(approveDelayMs);
      return approveRefund({ requestId: request.id, operatorId });
    })();
    const [approval, opened] = await Promise.allSettled([approving, disputing]);
    if (opened.status === "rejected") throw opened.reason;
    const dispute = opened.value;
    await fake.idle();
    if (approval.status === "rejected") expect(approval.reason).toMatchObject({ code: "conflict", message: expect.stringMatching(/under dispute/) });
    const outcome = approval.status === "rejected" ? "refused" : (await getRefundRequest(request.id))!.status;
    expect(["refused", "completed", "failed"]).toContain(outcome);
    if (isStripeFirst) expect(outcome).not.toBe("completed");
    fake.closeDispute({ disputeId: dispute.id, status: "lost" });
    await fake.idle();

    const charge = fake.charges.get(chargeId)!;
    const topUp = await prisma().topUp.findUniqueOrThrow({ where: { id: topUpId } });
    const debits = await cardDebits(accountId);
    // what we booked is what Stripe did, and together it is the $20 charge, once
    expect(topUp.refunded).toBe(BigInt(charge.amount_refunded) * 10_000n);
    expect(debits).toEqual({ refunds: outcome === "completed" ? 10_000_000n : 0n, disputes: BigInt(dispute.amount) * 10_000n });
    expect(debits.refunds + debits.disputes).toBe(20_000_000n);
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 20_000_000n, frozen: 0n, held: 0n });
    expect(await disputeRow(dispute.id)).toMatchObject({ status: "lost", amount: BigInt(dispute.amount) * 10_000n });
    expect(await getRefundableForUser({ userId })).toMatchObject({ refundable: 0n });
    return outcome;
  }

  it("a dispute.created webhook and an approval's transaction for the same charge never both take the same money", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // the webhook needs a few ms of Stripe reads before its transaction; the approval starts at once or a little later
      await disputeDuringApproval({ isStripeFirst: true, disputeDelayMs: 0, approveDelayMs: [0, 1, 2, 4, 6, 8, 12, 16][round] });
    }
    await expectBooksBalanced();
  });

  it("an approval's refund and a dispute reaching Stripe in either order take the charge once", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // the approval reaches Stripe some tens of ms after it starts: the dispute lands before, around and after
      await disputeDuringApproval({ isStripeFirst: false, disputeDelayMs: [0, 10, 20, 30, 35, 40, 50, 70][round], approveDelayMs: 0 });
    }
    await expectBooksBalanced();
  });

  it("a dispute closing as lost and an approval racing: the approval takes only what the lost dispute left", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { userId, accountId } = await customer();
      const { chargeId } = await paidTopUp(userId, "20");
      await operatorCredit(userId, 20_000_000n);
      const request = await requestRefund({ userId, amount: "12" });
      const dispute = fake.dispute({ chargeId, amount: 800 });
      await fake.idle();
      const closing = (async () => {
        fake.closeDispute({ disputeId: dispute.id, status: "lost" });
        await fake.idle();
      })();
      const approving = (async () => {
        // the closing webhook reads Stripe for a few ms before its transaction: the approval plans before, during or after it
        await sleep([0, 1, 2, 4, 6, 8, 12, 20][round]);
        return approveRefund({ requestId: request.id, operatorId });
      })();
      const [approval] = await Promise.allSettled([approving, closing]);
      await fake.idle();
      const status = (await getRefundRequest(request.id))!.status;
      if (approval.status === "rejected") {
        expect(approval.reason).toMatchObject({ code: "conflict", message: expect.stringMatching(/under dispute/) });
        expect(status).toBe("requested");
      } else {
        expect(["completed", "failed"]).toContain(status);
      }
      const debits = await cardDebits(accountId);
      expect(debits.disputes).toBe(8_000_000n);
      expect(debits.refunds).toBe(status === "completed" ? 12_000_000n : 0n);
      expect(debits.refunds + debits.disputes).toBeLessThanOrEqual(20_000_000n);
      expect(await getWalletBalance(accountId)).toMatchObject({ paid: 40_000_000n - debits.refunds - debits.disputes, frozen: 0n });
    }
    await expectBooksBalanced();
  });
});
