import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FakeStripe } from "../../../tests/fakes/stripe";
import { startStripeHarness, stopStripeHarness } from "../../../tests/fakes/stripe-harness";
import { walletId } from "../../billing/accounts";
import { prisma } from "../../db";
import { createTopUp } from "../create-top-up";
import { mailRefundDecisions } from "../mail-refund-decisions";
import { approveRefund } from "./approve-refund";
import { rejectRefund } from "./reject-refund";
import { requestRefund } from "./request-refund";

// The customer hears how a refund request ended, once: refunded (in full or in part), failed at the card, declined.
let fake: FakeStripe;
let operatorId: string;

beforeAll(async () => {
  fake = await startStripeHarness();
  operatorId = (await prisma().user.create({ data: { email: `refund-mail-ops-${Date.now()}@example.com`, isOperator: true } })).id;
});

afterEach(async () => {
  await fake.flushWebhooks();
});

afterAll(async () => {
  await stopStripeHarness(fake);
});

let users = 0;
async function customer({ locale = "en" } = {}) {
  users += 1;
  const user = await prisma().user.create({ data: { email: `refund-mail-${users}-${Date.now()}@example.com`, locale } });
  await walletId({ userId: user.id });
  return user;
}

async function paidTopUp(userId: string, amount: string) {
  const { topUpId, checkoutUrl } = await createTopUp({ userId, amount });
  fake.pay(checkoutUrl.split("/").pop()!);
  await fake.idle();
  return topUpId;
}

const refundMails = (to: string) => prisma().outboxMessage.findMany({ where: { to, kind: "refund" }, orderBy: { createdAt: "asc" } });

describe("refund outcome mail", () => {
  it("tells the customer once that the refund reached the card, after Stripe's webhook completes it", async () => {
    const user = await customer();
    await paidTopUp(user.id, "20");
    await paidTopUp(user.id, "5");
    const request = await requestRefund({ userId: user.id, amount: "12.50" });
    fake.pauseWebhooks();
    await approveRefund({ requestId: request.id, operatorId });
    // approved and sent to Stripe, not refunded yet: nothing to tell
    await mailRefundDecisions();
    expect(await refundMails(user.email)).toHaveLength(0);
    await fake.flushWebhooks();
    await expect.poll(async () => (await refundMails(user.email)).length).toBe(1);
    const [mail] = await refundMails(user.email);
    expect(mail.subject).toBe("Your refund of $12.50 is on its way");
    expect(mail.text).toContain("$12.50 was refunded to the card you paid with");
    expect(mail.text).toContain("5 to 10 business days");
    await Promise.all(Array.from({ length: 3 }, () => mailRefundDecisions()));
    expect(await refundMails(user.email)).toHaveLength(1);
  });

  it("says how much reached the card when one of the request's charges refused its part", async () => {
    const user = await customer();
    await paidTopUp(user.id, "20");
    const newer = await paidTopUp(user.id, "5");
    const request = await requestRefund({ userId: user.id, amount: "12.50" });
    // the newer charge (refunded first) was refunded from the dashboard meanwhile: its $5 part fails, the $7.50 goes through
    fake.pauseWebhooks();
    fake.refund({ chargeId: (await prisma().topUp.findUniqueOrThrow({ where: { id: newer } })).stripeChargeId! });
    await approveRefund({ requestId: request.id, operatorId });
    await fake.flushWebhooks();
    await expect.poll(async () => (await refundMails(user.email)).length).toBe(1);
    const [mail] = await refundMails(user.email);
    expect(mail.subject).toBe("Your refund of $7.50 is on its way");
    expect(mail.text).toContain("$7.50 of the $12.50 you asked for was refunded to the card you paid with. The rest could not be refunded to the card and stays in your balance.");
  });

  it("tells the customer the card refused it and the credit stays, when Stripe refuses the only part", async () => {
    const user = await customer();
    const topUpId = await paidTopUp(user.id, "20");
    const request = await requestRefund({ userId: user.id, amount: "20" });
    fake.pauseWebhooks();
    const topUp = await prisma().topUp.findUniqueOrThrow({ where: { id: topUpId } });
    fake.refund({ chargeId: topUp.stripeChargeId! });
    expect((await approveRefund({ requestId: request.id, operatorId })).status).toBe("failed");
    await expect.poll(async () => (await refundMails(user.email)).length).toBe(1);
    const [mail] = await refundMails(user.email);
    expect(mail.subject).toBe("Your refund of $20.00 could not be made");
    expect(mail.text).toContain("The credit stays in your balance");
  });

  it("tells the customer a declined request and the operator's note, in their language", async () => {
    const user = await customer({ locale: "zh-CN" });
    await paidTopUp(user.id, "20");
    // no Stripe event, nor the pass that follows one, after this point: the decision itself sends the mail
    fake.pauseWebhooks();
    await expect.poll(async () => prisma().outboxMessage.count({ where: { to: user.email, kind: "receipt" } })).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const request = await requestRefund({ userId: user.id, amount: "8" });
    await rejectRefund({ requestId: request.id, operatorId, note: "已超过退款期限" });
    await expect.poll(async () => (await refundMails(user.email)).length).toBe(1);
    const [mail] = await refundMails(user.email);
    expect(mail.subject).toBe("您的 $8.00 退款申请未获批准");
    expect(mail.text).toContain("您的余额没有任何扣减");
    expect(mail.text).toContain("运营方备注：已超过退款期限");
  });

  it("sends nothing for a request still waiting for a decision", async () => {
    const user = await customer();
    await paidTopUp(user.id, "10");
    await requestRefund({ userId: user.id, amount: "3" });
    await mailRefundDecisions();
    expect(await refundMails(user.email)).toHaveLength(0);
  });
});
