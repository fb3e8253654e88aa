-- Every ledger entry still names an existing transaction and an existing account, checked once per statement
-- instead of by two foreign keys per entry row (docs/benchmarks.md, "Session 7").
--
-- Before: each entry row ran two foreign-key checks, each an SPI query that locks the referenced row FOR KEY SHARE;
-- a settlement batch of 64 ran 128-192 of them, about a fifth of PostgreSQL's work for the batch. Those locks only
-- guard a referenced row against being deleted or re-keyed before the entry commits. Transactions already cannot be
-- updated, deleted or truncated (0001_init); accounts now cannot be deleted, truncated or re-keyed either. With
-- nothing able to take a referenced row away, checking that the statement's entries point at rows that exist is the
-- whole guarantee, and one set-based check per statement gives it.
--
-- The check runs in the per-statement trigger that already notes unbalanced transactions (0900), on the same
-- transition table. A reference to a row that does not exist — or that another transaction has inserted but not
-- committed — fails the statement with foreign_key_violation (23503), as the foreign keys did.

ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_transaction_id_fkey";
ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_account_id_fkey";

-- Accounts are forever, like the entries that name them.
CREATE TRIGGER "ledger_accounts_no_delete" BEFORE DELETE ON "ledger_accounts"
  FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"();
CREATE TRIGGER "ledger_accounts_no_truncate" BEFORE TRUNCATE ON "ledger_accounts"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_refuse_change"();
-- (fires only for an UPDATE that names the id column, and then only when it would change it)
CREATE TRIGGER "ledger_accounts_keep_id" BEFORE UPDATE OF "id" ON "ledger_accounts"
  FOR EACH ROW WHEN (NEW."id" IS DISTINCT FROM OLD."id") EXECUTE FUNCTION "ledger_refuse_change"();

CREATE OR REPLACE FUNCTION "ledger_note_unbalanced"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids UUID[];
  missing UUID;
BEGIN
  -- the referenced rows are counted by primary key from an array of the distinct ids (one index probe each; a join
  -- with the transition table, whose size the cached plan cannot know, could choose to scan the whole ledger)
  ids := ARRAY(SELECT DISTINCT "transaction_id" FROM "inserted_entries");
  IF (SELECT count(*) FROM "ledger_transactions" WHERE "id" = ANY (ids)) <> cardinality(ids) THEN
    SELECT x INTO missing FROM unnest(ids) x WHERE NOT EXISTS (SELECT 1 FROM "ledger_transactions" WHERE "id" = x) LIMIT 1;
    RAISE EXCEPTION 'ledger entry names transaction %, which does not exist', missing USING ERRCODE = 'foreign_key_violation';
  END IF;
  ids := ARRAY(SELECT DISTINCT "account_id" FROM "inserted_entries");
  IF (SELECT count(*) FROM "ledger_accounts" WHERE "id" = ANY (ids)) <> cardinality(ids) THEN
    SELECT x INTO missing FROM unnest(ids) x WHERE NOT EXISTS (SELECT 1 FROM "ledger_accounts" WHERE "id" = x) LIMIT 1;
    RAISE EXCEPTION 'ledger entry names account %, which does not exist', missing USING ERRCODE = 'foreign_key_violation';
  END IF;

  INSERT INTO "ledger_unbalanced_checks" ("transaction_id")
    SELECT "transaction_id" FROM "inserted_entries" GROUP BY "transaction_id" HAVING sum("amount") <> 0
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
