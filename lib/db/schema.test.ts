import { describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client";
import { pool, prisma } from "../db";

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
});
