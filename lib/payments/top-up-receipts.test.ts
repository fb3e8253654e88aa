import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postWebhook, startStripeHarness, stopStripeHarness } from "../../tests/fakes/stripe-harness";
import type { FakeStripe } from "../../tests/fakes/stripe";
import { walletId } from "../billing/accounts";
import { prisma, sql } from "../db";
import { createOrganization } from "../orgs/create-organization";
import { createTopUp } from "./create-top-up";
import { mailTopUpReceipts } from "./mail-top-up-receipts";

let fake: FakeStripe;

beforeAll(async () => {
  fake = await startStripeHarness();
});

afterAll(async () => {
  await stopStripeHarness(fake);
});

let users = 0;
async function payer({ locale = "en", name = null as string | null } = {}) {
  users += 1;
  const user = await prisma().user.create({ data: { email: `receipt-${users}-${Date.now()}@example.com`, locale, name } });
  return user;
}

async function receipts(to: string) {
  return prisma().outboxMessage.findMany({ where: { to, kind: "receipt" }, orderBy: { createdAt: "asc" } });
}

async function pay(userId: string, amount: string, owner?: { orgId: string }) {
  const { topUpId, checkoutUrl } = await createTopUp({ userId, amount, ...(owner ? { owner } : {}) });
  const sessionId = checkoutUrl.split("/").pop()!;
  fake.pay(sessionId);
  return { topUpId, sessionId };
}

describe("top-up receipts", () => {
  it("mail the payer once after the webhook credits the top-up: amount, balance, card receipt; replays send nothing more", async () => {
    const user = await payer({ name: "Ada" });
    const { topUpId, sessionId } = await pay(user.id, "20");
    await fake.idle();
    await expect.poll(async () => (await receipts(user.email)).length).toBe(1);
    const [mail] = await receipts(user.email);
    expect(mail.subject).toBe("Receipt: $20.00 added to your Switchyard balance");
    expect(mail.text).toContain("Hello Ada,");
    expect(mail.text).toContain("$20.00 was added to your balance on ");
    // the trial credit is not granted to a user made directly in the database: the balance is the top-up
    expect(mail.text).toContain("The balance is now $20.00.");
    const topUp = await prisma().topUp.findUniqueOrThrow({ where: { id: topUpId } });
    expect(mail.text).toContain(`Your card receipt: ${topUp.receiptUrl}`);
    expect(topUp.receiptMailedAt).not.toBeNull();

    // the same event five times at once, and Stripe's own duplicate under a new id
    const session = fake.publicSession(fake.sessions.get(sessionId)!);
    const { payload, signature } = fake.signedEvent("checkout.session.completed", session);
    await Promise.all(Array.from({ length: 5 }, () => postWebhook(payload, signature)));
    await Promise.all(Array.from({ length: 3 }, () => mailTopUpReceipts()));
    expect(await receipts(user.email)).toHaveLength(1);
  });

  it("concurrent passes over several paid top-ups send each receipt once", async () => {
    const user = await payer();
    fake.pauseWebhooks();
    await pay(user.id, "5");
    await pay(user.id, "7");
    await pay(user.id, "11");
    // credit them without the webhook's own pass racing ours: deliver, then run five passes at once
    await fake.flushWebhooks();
    await Promise.all(Array.from({ length: 5 }, () => mailTopUpReceipts()));
    await expect.poll(async () => (await receipts(user.email)).length).toBe(3);
    expect((await receipts(user.email)).map((m) => m.subject).sort()).toEqual([
      "Receipt: $11.00 added to your Switchyard balance",
      "Receipt: $5.00 added to your Switchyard balance",
      "Receipt: $7.00 added to your Switchyard balance",
    ]);
  });

  it("names the organization whose balance was topped up, in the payer's language", async () => {
    const user = await payer({ locale: "zh-CN" });
    const org = await createOrganization({ userId: user.id, input: { name: "Acme Research" }, actor: { kind: "user", id: user.id } });
    await pay(user.id, "30", { orgId: org.id });
    await fake.idle();
    await expect.poll(async () => (await receipts(user.email)).length).toBe(1);
    const [mail] = await receipts(user.email);
    expect(mail.subject).toBe("收据：已向 Acme Research 的 Switchyard 余额充值 $30.00");
    expect(mail.text).toContain("充入组织 Acme Research 的余额");
    expect(mail.text).toContain("当前余额为 $30.00。");
    expect((await walletId({ orgId: org.id })) !== (await walletId({ userId: user.id }))).toBe(true);
  });

  it("keeps a receipt due when writing it fails, sends the others of the pass, and the next pass sends it", async () => {
    const user = await payer();
    const other = await payer();
    // an address the mailer refuses to write (the account was made outside the sign-up form)
    await prisma().user.update({ where: { id: user.id }, data: { email: `broken-${user.id}` } });
    fake.pauseWebhooks();
    const { topUpId } = await pay(user.id, "9");
    await pay(other.id, "6");
    await fake.flushWebhooks();
    await expect.poll(async () => (await receipts(other.email)).length).toBe(1);
    await expect.poll(async () => (await prisma().topUp.findUniqueOrThrow({ where: { id: topUpId } })).status).toBe("paid");
    // the webhook's own pass may be the first to fail; ours fails too while the receipt stays due
    await expect.poll(() => mailTopUpReceipts().then(() => "sent", (error: Error) => error.message)).toMatch(/is not an e-mail address/);
    expect((await prisma().topUp.findUniqueOrThrow({ where: { id: topUpId } })).receiptMailedAt).toBeNull();

    await prisma().user.update({ where: { id: user.id }, data: { email: user.email } });
    expect(await mailTopUpReceipts()).toBeGreaterThanOrEqual(1);
    expect(await receipts(user.email)).toHaveLength(1);
    const { rows } = await sql<{ n: bigint }>(`select count(*)::bigint as n from top_ups where status = 'paid' and receipt_mailed_at is null`);
    expect(rows[0].n).toBe(0n);
  });

  it("sends nothing for a top-up that was not paid", async () => {
    const user = await payer();
    await createTopUp({ userId: user.id, amount: "15" });
    await mailTopUpReceipts();
    expect(await receipts(user.email)).toHaveLength(0);
  });
});
