/**
 * Migration 1080 adds the receipt latch to top_ups and counts every top-up paid before it as mailed, so the first
 * receipt pass after an upgrade does not mail customers about old payments; a top-up still pending then gets its
 * receipt when it is paid.
 */
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { scratchDatabase } from "../../tests/support/migrations-before";
import { migrate } from "../db/migrate";

const scratch = scratchDatabase();

afterAll(() => scratch.drop());

describe("migration 1080 (top-up receipt mail)", () => {
  it("marks top-ups paid before it as mailed and leaves pending ones due once paid", async () => {
    expect((await scratch.migrateBefore("1080")).at(-1)).toBe("1070_channel_attempt_failures");
    const db = new pg.Client({ connectionString: scratch.url });
    await db.connect();
    try {
      const one = async (text: string, values: unknown[] = []) => (await db.query<{ id: string }>(text, values)).rows[0]?.id;
      const userId = await one(`insert into users (email) values ('receipt-legacy@example.com') returning id`);
      const walletId = await one(`insert into ledger_accounts (kind, user_id) values ('user_wallet', $1) returning id`, [userId]);
      const topUp = (status: string, paidAt: string | null) =>
        one(`insert into top_ups (account_id, user_id, amount, status, paid_at) values ($1, $2, 10000000, $3, $4) returning id`, [walletId, userId, status, paidAt]);
      const old = await topUp("paid", "2026-01-02T03:04:05Z");
      const pending = await topUp("pending", null);
      const failed = await topUp("failed", null);

      expect((await migrate(scratch.url))[0]).toBe("1080_top_up_receipt_mail");
      const mailed = async (id: string) => (await db.query<{ at: Date | null }>(`select receipt_mailed_at as at from top_ups where id = $1`, [id])).rows[0].at;
      expect(await mailed(old)).toEqual(new Date("2026-01-02T03:04:05Z"));
      expect(await mailed(pending)).toBeNull();
      expect(await mailed(failed)).toBeNull();
      // what the sender looks for, through its index
      await db.query(`update top_ups set status = 'paid', paid_at = now() where id = $1`, [pending]);
      const due = await db.query<{ id: string }>(`select id from top_ups where status = 'paid' and receipt_mailed_at is null`);
      expect(due.rows.map((r) => r.id)).toEqual([pending]);
    } finally {
      await db.end();
    }
  });
});
