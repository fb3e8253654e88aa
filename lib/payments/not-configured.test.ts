import { describe, expect, it } from "vitest";
import { postWebhook } from "../../tests/fakes/stripe-harness";
import { resetEnv } from "../env";
import { prisma, sql } from "../db";
import { createTopUp } from "./create-top-up";
import { getTopUpOptions } from "./top-up-options";
import { isCardPaymentsEnabled, stripeClient } from "./stripe";

describe("without Stripe keys", () => {
  it("reports card payments as not configured and breaks nothing", async () => {
    delete process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    resetEnv();
    expect(isCardPaymentsEnabled()).toBe(false);
    expect(stripeClient()).toBeNull();
    const options = await getTopUpOptions();
    expect(options).toMatchObject({ isEnabled: false, min: 5_000_000n, max: 10_000_000_000n });
    expect(options.presets).toEqual([5_000_000n, 20_000_000n, 50_000_000n, 100_000_000n]);
    const user = await prisma().user.create({ data: { email: "nokeys@example.com" } });
    await expect(createTopUp({ userId: user.id, amount: "20" })).rejects.toMatchObject({ code: "unavailable", status: 503, message: "Card payments are not configured on this server" });
    const response = await postWebhook(JSON.stringify({ id: "evt_1", type: "checkout.session.completed" }), "t=1,v1=00");
    expect(response.status).toBe(503);
    const { rows } = await sql<{ n: bigint }>(`select (select count(*) from top_ups) + (select count(*) from stripe_events) as n`);
    expect(rows[0].n).toBe(0n);
  });

  it("needs the webhook secret as well as the key", () => {
    process.env.STRIPE_SECRET_KEY = "sk_test_only_the_key";
    delete process.env.STRIPE_WEBHOOK_SECRET;
    resetEnv();
    expect(isCardPaymentsEnabled()).toBe(false);
    delete process.env.STRIPE_SECRET_KEY;
    resetEnv();
  });
});
