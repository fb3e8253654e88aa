import { describe, expect, it } from "vitest";
import { sql } from "../db";
import { placeHold, settleHold } from "./holds";
import { adjustWallet } from "./ledger";
import { checkLowBalances, setLowBalanceThreshold, watchLowBalances } from "./low-balance";
import { fundedWallet } from "./test-support/fixtures";

async function alerts(email: string): Promise<number> {
  const { rows } = await sql<{ count: bigint }>(`select count(*)::bigint as count from outbox_messages where "to" = $1 and kind = 'low_balance'`, [email]);
  return Number(rows[0].count);
}

describe("low-balance alerts", () => {
  it("sends one e-mail when the balance crosses the threshold downward, re-armed once back above", async () => {
    const email = "low@example.com";
    const { userId, walletId } = await fundedWallet({ paid: 5_000_000n, email });
    const stop = watchLowBalances();
    try {
      await setLowBalanceThreshold({ userId, threshold: 2_000_000n, actor: { kind: "user", id: userId } });
      expect(await alerts(email)).toBe(0);

      // usage through the hot path takes the balance below $2: one alert, sent in the background
      for (let i = 0; i < 4; i++) {
        const hold = await placeHold({ walletId, amount: 1_000_000n, idempotencyKey: `low:${i}` });
        await settleHold(hold, { cost: 1_000_000n, requestId: `low:${i}` });
      }
      await expect.poll(() => alerts(email), { timeout: 5_000 }).toBe(1);
      const { rows } = await sql<{ subject: string; text: string }>(`select subject, text from outbox_messages where "to" = $1`, [email]);
      expect(rows[0].subject).toContain("$2.00");
      expect(rows[0].text).toContain("$1.00");

      // further spending below the threshold: no second alert
      const more = await placeHold({ walletId, amount: 500_000n, idempotencyKey: "low:more" });
      await settleHold(more, { cost: 500_000n, requestId: "low:more" });
      expect(await checkLowBalances()).toBe(0);
      expect(await alerts(email)).toBe(1);

      // back above: re-armed; below again: a second alert
      await adjustWallet({ owner: { userId }, amount: 3_000_000n, reason: "top-up", idempotencyKey: "low:up" });
      await expect.poll(async () => (await sql(`select 1 from users where id = $1 and low_balance_notified_at is null`, [userId])).rowCount, { timeout: 5_000 }).toBe(1);
      await adjustWallet({ owner: { userId }, amount: -2_000_000n, reason: "correction", idempotencyKey: "low:down" });
      await expect.poll(() => alerts(email), { timeout: 5_000 }).toBe(2);
    } finally {
      stop();
    }
  });

  it("sends one e-mail when several checks race", async () => {
    const email = "race-low@example.com";
    const { userId } = await fundedWallet({ paid: 1_000_000n, email });
    await sql(`update users set low_balance_threshold = 5000000 where id = $1`, [userId]);
    const sent = await Promise.all(Array.from({ length: 10 }, () => checkLowBalances({ userIds: [userId] })));
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await alerts(email)).toBe(1);
  });

  it("refuses a bad threshold and clears one", async () => {
    const { userId } = await fundedWallet({ paid: 1n });
    await expect(setLowBalanceThreshold({ userId, threshold: 0n, actor: { kind: "cli" } })).rejects.toMatchObject({ code: "bad_request" });
    await setLowBalanceThreshold({ userId, threshold: null, actor: { kind: "cli" } });
    const { rows } = await sql<{ low_balance_threshold: bigint | null }>(`select low_balance_threshold from users where id = $1`, [userId]);
    expect(rows[0].low_balance_threshold).toBeNull();
  });
});
