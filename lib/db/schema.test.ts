import { describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client";
import { pool, prisma, sql } from "../db";
import { buildLogSelect } from "../usage/log-sql";

// The SQL migrations are written by hand; this proves every Prisma model and field maps onto a real column.
describe("schema", () => {
  it("every Prisma model can be read from the migrated database", async () => {
    const db = prisma() as unknown as Record<string, { findFirst: () => Promise<unknown> }>;
    const models = Object.values(Prisma.ModelName);
    expect(models.length).toBeGreaterThan(15);
    for (const model of models) {
      const delegate = db[model.charAt(0).toLowerCase() + model.slice(1)];
      await expect(delegate.findFirst(), model).resolves.toBeDefined();
    }
  });

  it("the ledger refuses to update or delete entries and to take a wallet below zero", async () => {
    const user = await prisma().user.create({ data: { email: "ledger-guard@example.com" } });
    const wallet = await prisma().ledgerAccount.create({ data: { kind: "user_wallet", userId: user.id } });
    const system = await prisma().ledgerAccount.create({ data: { kind: "system", code: "test_source" } });
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      const tx = await client.query(`insert into ledger_transactions (kind, idempotency_key) values ('adjustment', 'guard-1') returning id`);
      const txId = tx.rows[0].id as string;
      await client.query(`insert into ledger_entries (transaction_id, account_id, bucket, amount) values ($1, $2, 'paid', 5), ($1, $3, 'system', -5)`, [txId, wallet.id, system.id]);
      await client.query("COMMIT");
      await expect(client.query(`update ledger_entries set amount = 6 where transaction_id = $1`, [txId])).rejects.toThrow(/immutable/);
      await expect(client.query(`delete from ledger_entries where transaction_id = $1`, [txId])).rejects.toThrow(/immutable/);
      // unbalanced transaction refused at commit
      await client.query("BEGIN");
      const bad = await client.query(`insert into ledger_transactions (kind, idempotency_key) values ('adjustment', 'guard-2') returning id`);
      await client.query(`insert into ledger_entries (transaction_id, account_id, bucket, amount) values ($1, $2, 'paid', 5)`, [bad.rows[0].id, wallet.id]);
      await expect(client.query("COMMIT")).rejects.toThrow(/unbalanced/);
      // wallet below zero refused
      await expect(client.query(`update ledger_accounts set paid = -1 where id = $1`, [wallet.id])).rejects.toThrow(/wallet_nonneg/);
    } finally {
      client.release();
    }
  });

  it("every entry names an existing transaction and account, and neither can be taken away (migration 0970)", async () => {
    const user = await prisma().user.create({ data: { email: "ledger-refs@example.com" } });
    const wallet = await prisma().ledgerAccount.create({ data: { kind: "user_wallet", userId: user.id } });
    const system = await prisma().ledgerAccount.create({ data: { kind: "system", code: "test_refs" } });
    const nowhere = "00000000-0000-4000-8000-000000000001";
    const entries = (txId: string, account: string) =>
      sql(`insert into ledger_entries (transaction_id, account_id, bucket, amount) values ($1, $2, 'paid', 5), ($1, $3, 'system', -5)`, [txId, account, system.id]);
    const countEntries = async () => Number((await sql<{ n: string }>(`select count(*) as n from ledger_entries`)).rows[0].n);
    const before = await countEntries();

    // an unknown account: refused with the foreign-key error code, nothing written
    const tx = await sql<{ id: string }>(`insert into ledger_transactions (kind, idempotency_key) values ('adjustment', 'refs-1') returning id`);
    const badAccount = entries(tx.rows[0].id, nowhere);
    await expect(badAccount).rejects.toMatchObject({ code: "23503" });
    await expect(badAccount).rejects.toThrow(new RegExp(`account ${nowhere}`));
    // an unknown transaction
    await expect(entries(nowhere, wallet.id)).rejects.toMatchObject({ code: "23503", message: expect.stringContaining(`transaction ${nowhere}`) });
    // one bad row among good ones fails the whole statement
    await expect(
      sql(`insert into ledger_entries (transaction_id, account_id, bucket, amount) values ($1, $2, 'paid', 5), ($1, $3, 'system', -10), ($1, $4, 'paid', 5)`, [tx.rows[0].id, wallet.id, system.id, nowhere]),
    ).rejects.toMatchObject({ code: "23503" });
    expect(await countEntries()).toBe(before);

    // a transaction and its entries in one statement (as the settlement batch writes them) pass
    await sql(
      `with t as (insert into ledger_transactions (kind, idempotency_key) values ('adjustment', 'refs-2') returning id)
       insert into ledger_entries (transaction_id, account_id, bucket, amount) select t.id, a.account, a.bucket, a.amount from t,
         (values ($1::uuid, 'paid', 7::bigint), ($2::uuid, 'system', -7::bigint)) as a(account, bucket, amount)`,
      [wallet.id, system.id],
    );
    expect(await countEntries()).toBe(before + 2);

    // accounts are never deleted, truncated or re-keyed (the entries naming them would lose their account)
    await expect(sql(`delete from ledger_accounts where id = $1`, [wallet.id])).rejects.toThrow(/immutable/);
    await expect(sql(`truncate ledger_accounts cascade`)).rejects.toThrow(/immutable/);
    await expect(sql(`update ledger_accounts set id = $2 where id = $1`, [wallet.id, nowhere])).rejects.toThrow(/immutable/);
    // other updates of an account still work
    await sql(`update ledger_accounts set frozen = frozen where id = $1`, [wallet.id]);
    expect(await prisma().ledgerAccount.count({ where: { id: wallet.id } })).toBe(1);
  });

  it("the request log, the ledger's transactions and the usage postings carry only the indexes something reads them by (every request writes a row of each)", async () => {
    const indexes = async (table: string) => {
      const { rows } = await sql<{ indexdef: string }>(`select indexdef from pg_indexes where tablename = $1 order by indexname`, [table]);
      return rows.map((r) => /\((.*?)\)( WHERE .*)?$/.exec(r.indexdef)?.slice(1).filter(Boolean).join(""));
    };
    expect(await indexes("ledger_transactions")).toEqual(["idempotency_key", "id"]);
    // one row per settlement: its hold is the key (ledger:check reads the whole table)
    expect(await indexes("usage_postings")).toEqual(["hold_id"]);
    expect(await indexes("request_logs")).toEqual([
      // ending in time, ascending: a new row's entry lands at the right edge of its range (migration 1030)
      "api_key_id, created_at, id",
      "channel_id, created_at",
      // only rows of an organization (a personal request's NULL is read by no query)
      "org_id, created_at, id WHERE (org_id IS NOT NULL)",
      "id",
      "request_id",
      "user_id, cost DESC, id DESC",
      "user_id, created_at, id",
      "user_id, latency_ms DESC, id DESC",
      "user_id, model, created_at, id",
    ]);
  });

  /** The plan of a usage-log page, with scans and sorts priced out: which index serves it, in which direction. */
  async function logPagePlan(query: Parameters<typeof buildLogSelect>[0]): Promise<string> {
    const { text, values } = buildLogSelect(query);
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      // the test database is nearly empty, where a scan and a sort would win: take them away to see which index can
      // serve the page in its order by itself
      await client.query("SET LOCAL enable_seqscan = off");
      await client.query("SET LOCAL enable_bitmapscan = off");
      await client.query("SET LOCAL enable_sort = off");
      const { rows } = await client.query(`explain ${text}`, values);
      return rows.map((r: { "QUERY PLAN": string }) => r["QUERY PLAN"]).join("\n");
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  }

  const NO_FILTERS = { range: "all", from: null, to: null, apiKeyId: null, model: null, status: null, requestId: null } as const;
  const USER = "0b0b0b0b-0000-4000-8000-000000000001";

  it("the usage log's pages by time read the ascending time indexes in either direction, newest first backwards, with no sort", async () => {
    const personal = { kind: "personal", userId: USER } as const;
    const newest = await logPagePlan({ scope: personal, filters: NO_FILTERS, sort: { column: "time", direction: "desc" }, cursor: null, limit: 50 });
    expect(newest).toContain("Index Scan Backward using request_logs_user_id_created_at_id_idx");
    expect(newest).not.toContain("Sort");
    // the next page after a cursor is the same scan, bounded by the cursor
    const next = await logPagePlan({ scope: personal, filters: NO_FILTERS, sort: { column: "time", direction: "desc" }, cursor: { direction: "after", value: "2026-11-01T00:00:00.000Z", id: "12345" }, limit: 50 });
    expect(next).toContain("Index Scan Backward using request_logs_user_id_created_at_id_idx");
    expect(next).not.toContain("Sort");
    const oldest = await logPagePlan({ scope: personal, filters: NO_FILTERS, sort: { column: "time", direction: "asc" }, cursor: null, limit: 50 });
    expect(oldest).toMatch(/Index Scan using request_logs_user_id_created_at_id_idx/);
    expect(oldest).not.toContain("Sort");
    const byModel = await logPagePlan({ scope: personal, filters: { ...NO_FILTERS, model: "gpt-4o" }, sort: { column: "time", direction: "desc" }, cursor: null, limit: 50 });
    expect(byModel).toContain("Index Scan Backward using request_logs_user_id_model_created_at_id_idx");
    expect(byModel).not.toContain("Sort");
  });

  it("an organization's usage log is read through the partial organization index (migration 1010)", async () => {
    const org = "0a0a0a0a-0000-4000-8000-000000000001";
    const plan = await logPagePlan({ scope: { kind: "org", orgId: org, userId: null }, filters: NO_FILTERS, sort: { column: "time", direction: "desc" }, cursor: null, limit: 50 });
    expect(plan).toContain("Index Scan Backward using request_logs_org_id_created_at_id_idx");
    expect(plan).not.toContain("Sort");
  });
});
