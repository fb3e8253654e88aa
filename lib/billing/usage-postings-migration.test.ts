/**
 * Migration 1020 moves every usage settlement posted before it (one usage transaction each, its hold and amounts in
 * the transaction's metadata) into usage_postings, so ledger:check can prove the old books with the new rules.
 * A database is migrated to just before 1020, given usage written the way the old code wrote it, then migrated on.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { scratchDatabase } from "../../tests/support/migrations-before";
import { closeDatabase } from "../db";
import { migrate } from "../db/migrate";
import { resetEnv } from "../env";
import { checkLedger } from "./ledger";

const scratch = scratchDatabase();
const url = scratch.url;

afterAll(() => scratch.drop());

describe("migration 1020 (usage postings)", () => {
  it("turns each usage transaction posted before it into its posting, and the old books still pass ledger:check", async () => {
    await scratch.migrateBefore("1020");

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const [holdA, holdB] = [randomUUID(), randomUUID()];
    let keyId = "";
    let membershipId = "";
    let walletId = "";
    try {
      const one = async (text: string, values: unknown[] = []) => (await db.query<{ id: string }>(text, values)).rows[0]?.id;
      const userId = await one(`insert into users (email) values ('legacy@example.com') returning id`);
      walletId = await one(`insert into ledger_accounts (kind, user_id) values ('user_wallet', $1) returning id`, [userId]);
      const orgId = await one(`insert into organizations (name, slug) values ('Legacy', 'legacy') returning id`);
      membershipId = await one(`insert into memberships (org_id, user_id, role) values ($1, $2, 'member') returning id`, [orgId, userId]);
      keyId = await one(`insert into api_keys (user_id, name, secret_hash, prefix, last4) values ($1, 'legacy', 'h', 'sk-l', 'abcd') returning id`, [userId]);
      const system: Record<string, string> = {};
      for (const code of ["card_payments", "promotions", "usage_revenue", "losses"]) {
        system[code] = await one(`insert into ledger_accounts (kind, code) values ('system', $1) returning id`, [code]);
      }
      /** One transaction as the old code posted it. */
      const post = async (kind: string, key: string, legs: [string, string, number][], extra: { requestId?: string; memo?: string; metadata?: unknown } = {}) => {
        await db.query("BEGIN");
        const tx = await one(`insert into ledger_transactions (kind, idempotency_key, request_id, memo, metadata) values ($1, $2, $3, $4, $5) returning id`, [
          kind,
          key,
          extra.requestId ?? null,
          extra.memo ?? null,
          extra.metadata ?? null,
        ]);
        for (const [account, bucket, amount] of legs) {
          await db.query(`insert into ledger_entries (transaction_id, account_id, bucket, amount) values ($1, $2, $3, $4)`, [tx, account, bucket, amount]);
          if (bucket !== "system") await db.query(`update ledger_accounts set ${bucket} = ${bucket} + $2 where id = $1`, [account, amount]);
        }
        await db.query("COMMIT");
      };
      await post("topup", "legacy:topup", [
        [walletId, "paid", 10_000],
        [system.card_payments, "system", -10_000],
      ]);
      await post("trial", "legacy:trial", [
        [walletId, "trial", 500],
        [system.promotions, "system", -500],
      ]);
      // 700 charged, trial first; a key and an allowance month
      await post(
        "usage",
        `usage:${holdA}`,
        [
          [system.usage_revenue, "system", 700],
          [walletId, "trial", -500],
          [walletId, "paid", -200],
        ],
        {
          requestId: "req-a",
          memo: "gpt-4o",
          metadata: { model: "gpt-4o", channelId: null, holdId: holdA, apiKeyId: keyId, membershipId, allowanceMonth: "2026-10", cost: "700", charged: "700", loss: "0" },
        },
      );
      // 300 the wallet could not pay at all: no wallet entry
      await post(
        "usage",
        `usage:${holdB}`,
        [
          [system.usage_revenue, "system", 300],
          [system.losses, "system", -300],
        ],
        { requestId: "req-b", metadata: { holdId: holdB, apiKeyId: keyId, membershipId: null, allowanceMonth: null, cost: "300", charged: "0", loss: "300" } },
      );
      await db.query(`update api_keys set spent = 1000 where id = $1`, [keyId]);
      await db.query(`insert into allowance_usage (membership_id, month, spent) values ($1, '2026-10', 700)`, [membershipId]);

      expect(await migrate(url)).toContain("1020_usage_postings");
      const { rows } = await db.query(
        `select hold_id, request_id, api_key_id, membership_id, allowance_month, cost::int, charged::int, from_trial::int, loss::int, memo, metadata
           from usage_postings order by request_id`,
      );
      expect(rows).toEqual([
        {
          hold_id: holdA,
          request_id: "req-a",
          api_key_id: keyId,
          membership_id: membershipId,
          allowance_month: "2026-10",
          cost: 700,
          charged: 700,
          from_trial: 500,
          loss: 0,
          memo: "gpt-4o",
          metadata: { model: "gpt-4o", channelId: null },
        },
        { hold_id: holdB, request_id: "req-b", api_key_id: keyId, membership_id: null, allowance_month: null, cost: 300, charged: 0, from_trial: 0, loss: 300, memo: null, metadata: null },
      ]);
    } finally {
      await db.end();
    }

    // ledger:check, on that database
    await closeDatabase();
    process.env.DATABASE_URL = url;
    resetEnv();
    const check = await checkLedger();
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
  });
});
