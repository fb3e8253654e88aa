import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postWebhook, startStripeHarness, stopStripeHarness } from "../../tests/fakes/stripe-harness";
import type { FakeStripe } from "../../tests/fakes/stripe";
import { getWalletBalance, walletId } from "../billing/accounts";
import { checkFreezes } from "../billing/card-movements";
import { checkLedger } from "../billing/ledger";
import { prisma, sql } from "../db";
import { createTopUp } from "./create-top-up";

let fake: FakeStripe;

beforeAll(async () => {
  fake = await startStripeHarness();
});

afterAll(async () => {
  await stopStripeHarness(fake);
});

let users = 0;
async function customer() {
  users += 1;
  const user = await prisma().user.create({ data: { email: `payer-${users}@example.com` } });
  return { userId: user.id, accountId: await walletId({ userId: user.id }) };
}

/** Create a top-up through the app and its Checkout Session at the fake; returns the session id. */
async function startTopUp(userId: string, amount = "20") {
  const { topUpId, checkoutUrl } = await createTopUp({ userId, amount });
  const sessionId = checkoutUrl.split("/").pop()!;
  return { topUpId, sessionId, checkoutUrl };
}

async function counts() {
  const { rows } = await sql<{ events: bigint; transactions: bigint; audits: bigint }>(
    `select (select count(*) from stripe_events)::bigint as events, (select count(*) from ledger_transactions)::bigint as transactions,
            (select count(*) from audit_logs)::bigint as audits`,
  );
  return rows[0];
}

async function paid(accountId: string) {
  return (await getWalletBalance(accountId)).paid;
}

describe("Stripe webhook", () => {
  it("credits a paid Checkout Session once, from Stripe's amount, with the receipt link", async () => {
    const { userId, accountId } = await customer();
    const { topUpId, sessionId, checkoutUrl } = await startTopUp(userId, "20");
    expect(checkoutUrl).toBe(`${fake.url}/checkout/${sessionId}`);
    const created = fake.sessions.get(sessionId)!;
    expect(created.amount_total).toBe(2000);
    expect(created.currency).toBe("usd");
    expect(created.metadata).toMatchObject({ top_up_id: topUpId, account_id: accountId, user_id: userId });
    expect(created.success_url).toMatch(new RegExp(`/billing\\?topup=${topUpId}$`));
    fake.pay(sessionId);
    await fake.idle();
    expect(fake.deliveries.at(-1)).toMatchObject({ type: "checkout.session.completed", status: 200, attempts: 1 });
    expect(await paid(accountId)).toBe(20_000_000n);
    const topUp = await prisma().topUp.findUniqueOrThrow({ where: { id: topUpId } });
    expect(topUp).toMatchObject({ status: "paid", amount: 20_000_000n, stripeSessionId: sessionId });
    expect(topUp.receiptUrl).toMatch(/\/receipts\/pi_/);
    expect(topUp.stripeChargeId).toMatch(/^ch_/);
    expect((await checkLedger()).ok).toBe(true);
  });

  it("answers 400 to a bad signature and writes nothing", async () => {
    const { userId, accountId } = await customer();
    const { sessionId } = await startTopUp(userId);
    fake.pauseWebhooks();
    fake.pay(sessionId);
    const session = fake.publicSession(fake.sessions.get(sessionId)!);
    const before = await counts();
    const forged = fake.signedEvent("checkout.session.completed", session, { secret: "whsec_not_the_right_one" });
    const response = await postWebhook(forged.payload, forged.signature);
    expect(response.status).toBe(400);
    // a valid signature over a different body is just as bad
    const genuine = fake.signedEvent("checkout.session.completed", session);
    const tampered = genuine.payload.replace('"amount_total":2000', '"amount_total":200000');
    expect((await postWebhook(tampered, genuine.signature)).status).toBe(400);
    expect((await postWebhook(genuine.payload, null)).status).toBe(400);
    expect(await counts()).toEqual(before);
    expect(await paid(accountId)).toBe(0n);
    await fake.flushWebhooks();
  });

  it("answers 400 to a stale timestamp (older than 300 s)", async () => {
    const { userId, accountId } = await customer();
    const { sessionId } = await startTopUp(userId);
    fake.pauseWebhooks();
    fake.pay(sessionId);
    const session = fake.publicSession(fake.sessions.get(sessionId)!);
    const before = await counts();
    const stale = fake.signedEvent("checkout.session.completed", session, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect((await postWebhook(stale.payload, stale.signature)).status).toBe(400);
    expect(await counts()).toEqual(before);
    const fresh = fake.signedEvent("checkout.session.completed", session, { timestamp: Math.floor(Date.now() / 1000) - 250 });
    expect((await postWebhook(fresh.payload, fresh.signature)).status).toBe(200);
    expect(await paid(accountId)).toBe(20_000_000n);
    await fake.flushWebhooks();
    expect(await paid(accountId)).toBe(20_000_000n);
  });

  it("credits once when the same event arrives 5 times concurrently, and 5 times in a row", async () => {
    const { userId, accountId } = await customer();
    const { sessionId } = await startTopUp(userId, "50");
    fake.pauseWebhooks();
    fake.pay(sessionId);
    const session = fake.publicSession(fake.sessions.get(sessionId)!);
    const { event, payload, signature } = fake.signedEvent("checkout.session.completed", session);
    const responses = await Promise.all(Array.from({ length: 5 }, () => postWebhook(payload, signature)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    for (let i = 0; i < 5; i++) expect((await postWebhook(payload, signature)).status).toBe(200);
    expect(await paid(accountId)).toBe(50_000_000n);
    const { rows } = await sql<{ n: bigint }>(`select count(*)::bigint as n from ledger_transactions where idempotency_key = $1`, [event.id]);
    expect(rows[0].n).toBe(1n);
    // the same payment delivered again under a new event id (Stripe's own duplicate) still credits once
    await fake.flushWebhooks();
    expect(await paid(accountId)).toBe(50_000_000n);
    expect((await checkLedger()).ok).toBe(true);
  });

  it("ignores a tampered amount in metadata in favour of the Stripe object", async () => {
    const { userId, accountId } = await customer();
    const { sessionId } = await startTopUp(userId, "20");
    fake.pauseWebhooks();
    fake.pay(sessionId);
    const session = fake.publicSession(fake.sessions.get(sessionId)!);
    const tampered = { ...session, metadata: { ...session.metadata, amount: "999999", amount_micros: "999999000000" } };
    const { payload, signature } = fake.signedEvent("checkout.session.completed", tampered);
    expect((await postWebhook(payload, signature)).status).toBe(200);
    expect(await paid(accountId)).toBe(20_000_000n);
    await fake.flushWebhooks();
  });

  it("refuses metadata that points a payment at someone else's top-up", async () => {
    const victim = await customer();
    const attacker = await customer();
    const victimTopUp = await startTopUp(victim.userId, "100");
    const attackerTopUp = await startTopUp(attacker.userId, "5");
    fake.pauseWebhooks();
    fake.pay(attackerTopUp.sessionId);
    const session = fake.publicSession(fake.sessions.get(attackerTopUp.sessionId)!);
    const redirected = { ...session, metadata: { ...session.metadata, top_up_id: victimTopUp.topUpId } };
    const { payload, signature } = fake.signedEvent("checkout.session.completed", redirected);
    expect((await postWebhook(payload, signature)).status).toBe(200);
    expect(await paid(victim.accountId)).toBe(0n);
    expect(await paid(attacker.accountId)).toBe(0n);
    await fake.flushWebhooks();
  });

  it("does not mark an event seen when it fails midway; Stripe's retry then credits", async () => {
    const { userId, accountId } = await customer();
    const { sessionId } = await startTopUp(userId, "20");
    fake.failNext({ method: "GET", path: "/v1/payment_intents/", status: 500, times: 3 });
    fake.pay(sessionId);
    await fake.idle();
    const delivery = fake.deliveries.at(-1)!;
    expect(delivery.attempts).toBeGreaterThan(1);
    expect(delivery.status).toBe(200);
    expect(await paid(accountId)).toBe(20_000_000n);
    const seen = await sql(`select 1 from stripe_events where id = $1`, [delivery.eventId]);
    expect(seen.rowCount).toBe(1);
  });

  it("converges when a refund arrives before the payment's own event", async () => {
    const { userId, accountId } = await customer();
    const { topUpId, sessionId } = await startTopUp(userId, "20");
    fake.pauseWebhooks();
    fake.pay(sessionId);
    const chargeId = fake.paymentIntents.get(fake.sessions.get(sessionId)!.payment_intent!)!.latest_charge;
    fake.refund({ chargeId, amount: 500 });
    const deliveries = await fake.flushWebhooks({ isReversed: true });
    expect(deliveries.map((d) => [d.type, d.status])).toEqual([
      ["charge.refunded", 200],
      ["checkout.session.completed", 200],
    ]);
    expect(await paid(accountId)).toBe(15_000_000n);
    const topUp = await prisma().topUp.findUniqueOrThrow({ where: { id: topUpId } });
    expect(topUp).toMatchObject({ status: "paid", amount: 20_000_000n, refunded: 5_000_000n, stripeSessionId: sessionId });
    const kinds = await sql<{ kind: string; n: bigint }>(
      `select t.kind, count(*)::bigint as n from ledger_transactions t join ledger_entries e on e.transaction_id = t.id
        where e.account_id = $1 group by t.kind order by t.kind`,
      [accountId],
    );
    expect(kinds.rows).toEqual([
      { kind: "refund", n: 1n },
      { kind: "topup", n: 1n },
    ]);
    expect((await checkLedger()).ok).toBe(true);
  });

  it("marks a failed delayed payment and credits nothing", async () => {
    const { userId, accountId } = await customer();
    const { topUpId, sessionId } = await startTopUp(userId, "20");
    const session = fake.publicSession(fake.sessions.get(sessionId)!);
    expect((await fake.emit("checkout.session.completed", session)).status).toBe(200);
    expect((await prisma().topUp.findUniqueOrThrow({ where: { id: topUpId } })).status).toBe("pending");
    expect((await fake.emit("checkout.session.async_payment_failed", session)).status).toBe(200);
    expect((await prisma().topUp.findUniqueOrThrow({ where: { id: topUpId } })).status).toBe("failed");
    expect(await paid(accountId)).toBe(0n);
  });

  it("freezes a disputed amount, and a lost dispute debits it to the disputes account", async () => {
    const { userId, accountId } = await customer();
    const { sessionId } = await startTopUp(userId, "20");
    fake.pay(sessionId);
    await fake.idle();
    const chargeId = fake.paymentIntents.get(fake.sessions.get(sessionId)!.payment_intent!)!.latest_charge;
    const dispute = fake.dispute({ chargeId, amount: 1200 });
    await fake.idle();
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 20_000_000n, frozen: 12_000_000n, available: 8_000_000n });
    expect((await checkFreezes()).ok).toBe(true);
    fake.closeDispute({ disputeId: dispute.id, status: "lost" });
    await fake.idle();
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 8_000_000n, frozen: 0n });
    const disputes = await sql<{ total: bigint }>(
      `select coalesce(sum(e.amount), 0)::bigint as total from ledger_entries e join ledger_accounts a on a.id = e.account_id where a.code = 'disputes'`,
    );
    expect(disputes.rows[0].total).toBe(12_000_000n);
    expect((await checkLedger()).ok).toBe(true);
    expect((await checkFreezes()).ok).toBe(true);
  });

  it("a won dispute only releases the freeze", async () => {
    const { userId, accountId } = await customer();
    const { sessionId } = await startTopUp(userId, "20");
    fake.pay(sessionId);
    await fake.idle();
    const chargeId = fake.paymentIntents.get(fake.sessions.get(sessionId)!.payment_intent!)!.latest_charge;
    const dispute = fake.dispute({ chargeId });
    await fake.idle();
    expect((await getWalletBalance(accountId)).frozen).toBe(20_000_000n);
    fake.closeDispute({ disputeId: dispute.id, status: "won" });
    await fake.idle();
    expect(await getWalletBalance(accountId)).toMatchObject({ paid: 20_000_000n, frozen: 0n, available: 20_000_000n });
    expect((await checkFreezes()).ok).toBe(true);
  });

  it("answers 200 to events it does not handle, without writing", async () => {
    const before = await counts();
    const delivery = await fake.emit("customer.created", { id: "cus_123", object: "customer" });
    expect(delivery.status).toBe(200);
    expect(await counts()).toEqual(before);
  });
});

describe("starting a top-up", () => {
  it("validates the amount on the server and closes the top-up when Stripe cannot start the payment", async () => {
    const { userId } = await customer();
    await expect(createTopUp({ userId, amount: "4.99" })).rejects.toMatchObject({ code: "validation_failed", message: "Top-ups are between $5.00 and $10,000.00" });
    await expect(createTopUp({ userId, amount: "10000.01" })).rejects.toMatchObject({ code: "validation_failed", message: "Top-ups are between $5.00 and $10,000.00" });
    // a too-large amount is told the range, not "enter an amount"
    await expect(createTopUp({ userId, amount: "99999999999999999999" })).rejects.toMatchObject({ code: "validation_failed", message: "Top-ups are between $5.00 and $10,000.00" });
    await expect(createTopUp({ userId, amount: "1000000000" })).rejects.toMatchObject({ code: "validation_failed", message: "Top-ups are between $5.00 and $10,000.00" });
    await expect(createTopUp({ userId, amount: "1e3" })).rejects.toMatchObject({ code: "validation_failed", message: "Enter an amount in dollars, e.g. 20 or 12.50" });
    await expect(createTopUp({ userId, amount: "twenty" })).rejects.toMatchObject({ code: "validation_failed", message: "Enter an amount in dollars, e.g. 20 or 12.50" });
    await expect(createTopUp({ userId, amount: "20.001" })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(createTopUp({ userId, amount: "-20" })).rejects.toMatchObject({ code: "validation_failed" });
    fake.failNext({ method: "POST", path: "/v1/checkout/sessions", status: 400 });
    await expect(createTopUp({ userId, amount: "20" })).rejects.toMatchObject({ code: "upstream_error" });
    const rows = await prisma().topUp.findMany({ where: { userId } });
    expect(rows.map((r) => r.status)).toEqual(["failed"]);
  });
});
