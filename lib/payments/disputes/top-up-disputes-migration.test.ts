/**
 * Migration 1050 records every dispute known before it in top_up_disputes, from the audit rows the dispute webhooks
 * wrote (dispute.created, then dispute.lost or dispute.closed, target the top-up). A database is migrated to just
 * before 1050, given disputes the way the old code recorded them, then migrated on; what is refundable then counts them.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { scratchDatabase } from "../../../tests/support/migrations-before";
import { closeDatabase } from "../../db";
import { migrate } from "../../db/migrate";
import { resetEnv } from "../../env";
import { getRefundableForUser } from "../refunds/get-refundable-for-user";

const scratch = scratchDatabase();
const url = scratch.url;

afterAll(() => scratch.drop());

describe("migration 1050 (top-up disputes)", () => {
  it("records each dispute from its audit rows: open, lost, won, and one whose closing was recorded first", async () => {
    const applied = await scratch.migrateBefore("1050");
    expect(applied.at(-1)).toBe("1040_channels_announce");

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    let userId = "";
    const topUps: Record<"a" | "b" | "c" | "d", string> = { a: "", b: "", c: "", d: "" };
    try {
      const one = async (text: string, values: unknown[] = []) => (await db.query<{ id: string }>(text, values)).rows[0]?.id;
      userId = await one(`insert into users (email) values ('disputed-legacy@example.com') returning id`);
      // $20 + $10 (−$2 refunded, −$8 lost) + $30 + $5 (−$5 lost) by card, $40 from an operator; $20 frozen by the open dispute
      const walletId = await one(`insert into ledger_accounts (kind, user_id, paid, frozen) values ('user_wallet', $1, 90000000, 20000000) returning id`, [userId]);
      const topUp = async (key: string, amount: number, refunded = 0) =>
        one(
          `insert into top_ups (account_id, user_id, stripe_charge_id, amount, refunded, status, paid_at) values ($1, $2, $3, $4, $5, 'paid', now()) returning id`,
          [walletId, userId, `ch_${key}`, amount, refunded],
        );
      topUps.a = await topUp("a", 20_000_000);
      topUps.b = await topUp("b", 10_000_000, 2_000_000);
      topUps.c = await topUp("c", 30_000_000);
      topUps.d = await topUp("d", 5_000_000);
      await db.query(`insert into wallet_freezes (account_id, kind, reference, amount, original_amount) values ($1, 'dispute', 'dp_open', 20000000, 20000000)`, [walletId]);

      /** An audit row as auditWithin wrote it (bigints as strings), at a given time. */
      const audit = async (action: string, targetId: string, details: Record<string, unknown>, at: string) => {
        await db.query(`insert into audit_logs (actor_kind, action, target_type, target_id, details, created_at) values ('system', $1, 'top_up', $2, $3::jsonb, $4)`, [
          action,
          targetId,
          JSON.stringify(details),
          at,
        ]);
      };
      const opened = (disputeId: string, charge: string, disputed: string, frozen: string) => ({ disputeId, chargeId: `ch_${charge}`, disputed, frozen, reason: "fraudulent" });
      const closed = (disputeId: string, charge: string, status: string, disputed: string) => ({ disputeId, chargeId: `ch_${charge}`, status, disputed, released: disputed, shortfall: "0" });
      await audit("topup.paid", topUps.a, { amount: "20000000" }, "2026-01-01T00:00:00Z");
      await audit("dispute.created", topUps.a, opened("dp_open", "a", "20000000", "20000000"), "2026-01-02T00:00:00Z");
      await audit("dispute.created", topUps.b, opened("dp_lost", "b", "8000000", "8000000"), "2026-01-03T00:00:00Z");
      await audit("dispute.lost", topUps.b, closed("dp_lost", "b", "lost", "8000000"), "2026-02-03T00:00:00Z");
      await audit("dispute.created", topUps.c, opened("dp_won", "c", "30000000", "30000000"), "2026-01-04T00:00:00Z");
      await audit("dispute.closed", topUps.c, closed("dp_won", "c", "won", "30000000"), "2026-02-04T00:00:00Z");
      // Stripe sent the closing first; the old code then froze again on the late opening
      await audit("dispute.lost", topUps.d, closed("dp_late", "d", "lost", "5000000"), "2026-01-05T00:00:00Z");
      await audit("dispute.created", topUps.d, opened("dp_late", "d", "5000000", "0"), "2026-01-06T00:00:00Z");
      // rows that name no top-up of this database are left out
      await audit("dispute.created", randomUUID(), opened("dp_gone", "x", "1000000", "0"), "2026-01-07T00:00:00Z");
      await audit("dispute.created", "not-a-uuid", opened("dp_bad", "y", "1000000", "0"), "2026-01-07T00:00:00Z");

      // 1050 first, then whatever came after it
      expect((await migrate(url))[0]).toBe("1050_top_up_disputes");
      const { rows } = await db.query(
        `select id, top_up_id, amount::text, status, created_at, closed_at from top_up_disputes order by id`,
      );
      expect(rows).toEqual([
        { id: "dp_late", top_up_id: topUps.d, amount: "5000000", status: "lost", created_at: new Date("2026-01-05T00:00:00Z"), closed_at: new Date("2026-01-05T00:00:00Z") },
        { id: "dp_lost", top_up_id: topUps.b, amount: "8000000", status: "lost", created_at: new Date("2026-01-03T00:00:00Z"), closed_at: new Date("2026-02-03T00:00:00Z") },
        { id: "dp_open", top_up_id: topUps.a, amount: "20000000", status: "open", created_at: new Date("2026-01-02T00:00:00Z"), closed_at: null },
        { id: "dp_won", top_up_id: topUps.c, amount: "30000000", status: "won", created_at: new Date("2026-01-04T00:00:00Z"), closed_at: new Date("2026-02-04T00:00:00Z") },
      ]);
    } finally {
      await db.end();
    }

    // what that customer can get back now: only the won charge (the open one refunds nothing, the lost ones are gone)
    await closeDatabase();
    process.env.DATABASE_URL = url;
    resetEnv();
    expect(await getRefundableForUser({ userId })).toEqual({
      unspentPaid: 70_000_000n,
      cardRefundable: 30_000_000n,
      openRequests: 0n,
      refundable: 30_000_000n,
      hasDisputedCharge: true,
    });
  });
});
