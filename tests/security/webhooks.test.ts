/**
 * Stripe webhooks under attack or in bad weather, through the real route handler and the fake Stripe. The payments
 * suite (lib/payments/webhook.test.ts) already proves bad signatures, stale timestamps, replays, concurrent
 * duplicates and tampered metadata are refused; this file checks those cases are still there, and adds a tampered
 * refund amount and refunds that fail at Stripe after it accepted them.
 */
import fs from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FakeStripe } from "../fakes/stripe";
import { startStripeHarness, stopStripeHarness } from "../fakes/stripe-harness";
import { getWalletBalance, walletId } from "../../lib/billing/accounts";
import { checkFreezes } from "../../lib/billing/card-movements";
import { checkLedger } from "../../lib/billing/ledger";
import { prisma, sql } from "../../lib/db";
import { createTopUp } from "../../lib/payments/create-top-up";
import { approveRefund } from "../../lib/payments/refunds/approve-refund";
import { requestRefund } from "../../lib/payments/refunds/request-refund";

let fake: FakeStripe;
let operatorId: string;

beforeAll(async () => {
  fake = await startStripeHarness();
  operatorId = (await prisma().user.create({ data: { email: "sec-ops@example.com", isOperator: true } })).id;
});

afterEach(async () => {
  await fake.flushWebhooks();
});

afterAll(async () => {
  await stopStripeHarness(fake);
});

let users = 0;
async function customerWithTopUp(amount: string) {
  users += 1;
  const user = await prisma().user.create({ data: { email: `sec-payer-${users}@example.com` } });
  const { topUpId, checkoutUrl } = await createTopUp({ userId: user.id, amount });
  fake.pay(checkoutUrl.split("/").pop()!);
  await fake.idle();
  const topUp = await prisma().topUp.findUniqueOrThrow({ where: { id: topUpId } });
  return { userId: user.id, accountId: await walletId({ userId: user.id }), topUpId, chargeId: topUp.stripeChargeId! };
}

/** An approved refund request whose Stripe refund was accepted, with its charge.refunded webhook held back. */
async function acceptedRefund(amount: string) {
  const payer = await customerWithTopUp("20");
  const request = await requestRefund({ userId: payer.userId, amount });
  fake.pauseWebhooks();
  const approved = await approveRefund({ requestId: request.id, operatorId });
  expect(approved.status).toBe("approved");
  const refund = [...fake.refunds.values()].find((r) => r.metadata.refund_request_id === request.id)!;
  return { ...payer, requestId: request.id, refund };
}

/** Stripe could not pay the refund out: the refund fails and the charge's refunded total goes back down. */
function failAtStripe(refund: { id: string; amount: number; charge: string; status: string }) {
  refund.status = "failed";
  fake.charges.get(refund.charge)!.amount_refunded -= refund.amount;
}

async function auditsOf(targetId: string): Promise<string[]> {
  const { rows } = await sql<{ action: string }>(`select action from audit_logs where target_id = $1 order by id`, [targetId]);
  return rows.map((row) => row.action);
}

async function expectBooksBalanced() {
  expect((await checkLedger()).ok).toBe(true);
  expect((await checkFreezes()).ok).toBe(true);
}

describe("the payments suite keeps its webhook attack cases", () => {
  it("bad signature, stale timestamp, replay, concurrent duplicates and tampered metadata are still tested", () => {
    const suite = fs.readFileSync("lib/payments/webhook.test.ts", "utf8");
    for (const title of [
      "answers 400 to a bad signature and writes nothing",
      "answers 400 to a stale timestamp (older than 300 s)",
      "credits once when the same event arrives 5 times concurrently, and 5 times in a row",
      "ignores a tampered amount in metadata in favour of the Stripe object",
      "refuses metadata that points a payment at someone else's top-up",
    ]) {
      expect(suite, title).toContain(`it("${title}"`);
    }
  });
});

describe("tampered amounts", () => {
  it("a genuine charge.refunded whose snapshot claims more than Stripe refunded moves only Stripe's amount", async () => {
    const payer = await customerWithTopUp("20");
    fake.pauseWebhooks();
    fake.refund({ chargeId: payer.chargeId, amount: 300 });
    const charge = fake.charges.get(payer.chargeId)!;
    // Signed by Stripe, but the body says the whole charge came back: the app reads the charge from Stripe instead.
    const delivery = await fake.emit("charge.refunded", { ...charge, amount_refunded: 2000, refunded: true });
    expect(delivery.status).toBe(200);
    expect(await getWalletBalance(payer.accountId)).toMatchObject({ paid: 17_000_000n });
    expect(await prisma().topUp.findUniqueOrThrow({ where: { id: payer.topUpId } })).toMatchObject({ refunded: 3_000_000n });
    await fake.flushWebhooks();
    expect(await getWalletBalance(payer.accountId)).toMatchObject({ paid: 17_000_000n });
    await expectBooksBalanced();
  });
});

describe("a refund that fails at Stripe after it was accepted", () => {
  it("refund.failed releases the freeze, fails the request and tells the operator; a replay changes nothing", async () => {
    const { accountId, requestId, refund } = await acceptedRefund("8");
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 20_000_000n, frozen: 8_000_000n });
    failAtStripe(refund);

    const failed = await fake.emit("refund.failed", { ...refund });
    expect(failed.status).toBe(200);
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 20_000_000n, frozen: 0n, available: 20_000_000n });
    const request = await prisma().refundRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(request.status).toBe("failed");
    const allocations = await sql<{ status: string; applied_at: Date | null }>(`select status, applied_at from refund_allocations where refund_request_id = $1`, [requestId]);
    expect(allocations.rows).toEqual([{ status: "failed", applied_at: null }]);
    expect(await auditsOf(requestId)).toEqual(["refund.requested", "refund.approved", "refund.submitted", "refund.stripe_failed", "refund.failed"]);

    // The held charge.refunded now finds a failed refund and nothing refunded: no debit, no second release.
    await fake.flushWebhooks();
    const again = await fake.emit("refund.failed", { ...refund }, { eventId: fake.deliveries.find((d) => d.type === "refund.failed")!.eventId });
    expect(again.status).toBe(200);
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 20_000_000n, frozen: 0n });
    expect(await auditsOf(requestId)).toHaveLength(5);
    await expectBooksBalanced();
  });

  it("charge.refund.updated to failed does the same", async () => {
    const { accountId, requestId, refund } = await acceptedRefund("5");
    failAtStripe(refund);
    expect((await fake.emit("charge.refund.updated", { ...refund })).status).toBe(200);
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 20_000_000n, frozen: 0n });
    expect((await prisma().refundRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("failed");
    await expectBooksBalanced();
  });

  it("an event claiming a failure Stripe does not confirm changes nothing", async () => {
    const { accountId, requestId, refund } = await acceptedRefund("4");
    expect((await fake.emit("refund.failed", { ...refund, status: "failed" })).status).toBe(200);
    expect(await getWalletBalance(accountId)).toMatchObject({ frozen: 4_000_000n });
    await fake.flushWebhooks();
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 16_000_000n, frozen: 0n });
    expect((await prisma().refundRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("completed");
    await expectBooksBalanced();
  });

  it("a failure after the ledger booked the refund gives the credit back, once", async () => {
    const { accountId, requestId, refund, topUpId } = await acceptedRefund("6");
    await fake.flushWebhooks();
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 14_000_000n, frozen: 0n });
    expect((await prisma().refundRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("completed");
    failAtStripe(refund);
    const failed = await fake.emit("refund.failed", { ...refund });
    expect(failed.status).toBe(200);
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 20_000_000n, frozen: 0n });
    expect(await prisma().topUp.findUniqueOrThrow({ where: { id: topUpId } })).toMatchObject({ refunded: 0n });
    expect((await prisma().refundRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("failed");
    expect(await auditsOf(requestId)).toEqual(expect.arrayContaining(["refund.completed", "refund.reversed", "refund.failed"]));
    // Replayed, and followed by charge.updated news of the lower refunded total: nothing moves again.
    expect((await fake.emit("refund.failed", { ...refund }, { eventId: failed.eventId })).status).toBe(200);
    expect((await fake.emit("charge.refunded", { ...fake.charges.get(refund.charge)! })).status).toBe(200);
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 20_000_000n, frozen: 0n });
    await expectBooksBalanced();
  });
});
