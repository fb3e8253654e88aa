/**
 * Migrations 1080 and 1090 add the latches of the payment mail (top-up receipts, refund outcomes) and count what was
 * paid or decided before them as mailed, so the first pass after an upgrade does not mail customers about old
 * payments; a top-up still pending, or a request still waiting, gets its mail when it is paid or decided.
 */
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { scratchDatabase } from "../../tests/support/migrations-before";
import { migrate } from "../db/migrate";

const scratch = scratchDatabase();

afterAll(() => scratch.drop());

describe("migrations 1080 and 1090 (payment mail)", () => {
  it("mark top-ups paid and refund requests decided before them as mailed, and leave the others due once settled", async () => {
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
      const request = (status: string, decidedAt: string | null) =>
        one(`insert into refund_requests (account_id, user_id, amount, status, decided_at) values ($1, $2, 5000000, $3, $4) returning id`, [walletId, userId, status, decidedAt]);
      const refunded = await request("completed", "2026-02-03T04:05:06Z");
      const declined = await request("rejected", "2026-02-04T04:05:06Z");
      const waiting = await request("requested", null);
      const sent = await request("approved", "2026-02-05T04:05:06Z");

      expect((await migrate(scratch.url)).slice(0, 2)).toEqual(["1080_top_up_receipt_mail", "1090_refund_decision_mail"]);
      const mailed = async (id: string) => (await db.query<{ at: Date | null }>(`select receipt_mailed_at as at from top_ups where id = $1`, [id])).rows[0].at;
      expect(await mailed(old)).toEqual(new Date("2026-01-02T03:04:05Z"));
      expect(await mailed(pending)).toBeNull();
      expect(await mailed(failed)).toBeNull();
      // what the sender looks for, through its index
      await db.query(`update top_ups set status = 'paid', paid_at = now() where id = $1`, [pending]);
      const due = await db.query<{ id: string }>(`select id from top_ups where status = 'paid' and receipt_mailed_at is null`);
      expect(due.rows.map((r) => r.id)).toEqual([pending]);

      const decisionMailed = async (id: string) => (await db.query<{ at: Date | null }>(`select decision_mailed_at as at from refund_requests where id = $1`, [id])).rows[0].at;
      expect(await decisionMailed(refunded)).toEqual(new Date("2026-02-03T04:05:06Z"));
      expect(await decisionMailed(declined)).toEqual(new Date("2026-02-04T04:05:06Z"));
      expect(await decisionMailed(waiting)).toBeNull();
      expect(await decisionMailed(sent)).toBeNull();
      await db.query(`update refund_requests set status = 'completed' where id = $1`, [sent]);
      const decided = await db.query<{ id: string }>(`select id from refund_requests where status in ('completed', 'failed', 'rejected') and decision_mailed_at is null`);
      expect(decided.rows.map((r) => r.id)).toEqual([sent]);
    } finally {
      await db.end();
    }
  });
});
