-- Double entry, checked once per statement instead of once per entry row (docs/benchmarks.md, ledger section).
--
-- Before: a deferred row trigger summed the whole transaction's entries once for EVERY entry inserted, so a
-- settlement batch of N requests ran 2N-3N trigger calls and index scans at commit. Now a statement-level trigger
-- sums what the statement inserted, per transaction, from its transition table (no index access). Every ledger
-- writer inserts all legs of a transaction in one statement, so in the normal case that sum is zero and nothing
-- else happens. A transaction whose legs do not balance within one statement is written down in
-- ledger_unbalanced_checks, and a deferred constraint trigger on that table sums ALL its entries at commit, exactly
-- as before: legs may still be split over several statements, and an unbalanced transaction is still refused at
-- COMMIT (or at the end of the statement under SET CONSTRAINTS ALL IMMEDIATE).
--
-- Why checking the statement's own rows suffices: entries are immutable (no UPDATE, DELETE or TRUNCATE), so a
-- transaction's total is the sum of what each statement added to it; a statement that added zero cannot unbalance it.

CREATE TABLE "ledger_unbalanced_checks" (
  -- a ledger transaction with legs that did not balance within one statement; the row lives only until its commit
  "transaction_id" UUID NOT NULL,
  CONSTRAINT "ledger_unbalanced_checks_pkey" PRIMARY KEY ("transaction_id")
);

CREATE FUNCTION "ledger_note_unbalanced"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ledger_unbalanced_checks" ("transaction_id")
    SELECT "transaction_id" FROM "inserted_entries" GROUP BY "transaction_id" HAVING sum("amount") <> 0
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER "ledger_entries_note_unbalanced" AFTER INSERT ON "ledger_entries"
  REFERENCING NEW TABLE AS "inserted_entries" FOR EACH STATEMENT EXECUTE FUNCTION "ledger_note_unbalanced"();

CREATE FUNCTION "ledger_check_unbalanced"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE total NUMERIC;
BEGIN
  SELECT coalesce(sum("amount"), 0) INTO total FROM "ledger_entries" WHERE "transaction_id" = NEW."transaction_id";
  IF total <> 0 THEN
    RAISE EXCEPTION 'ledger transaction % is unbalanced by %', NEW."transaction_id", total USING ERRCODE = 'check_violation';
  END IF;
  DELETE FROM "ledger_unbalanced_checks" WHERE "transaction_id" = NEW."transaction_id";
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER "ledger_unbalanced_checks_balanced" AFTER INSERT ON "ledger_unbalanced_checks"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "ledger_check_unbalanced"();

DROP TRIGGER "ledger_entries_balanced" ON "ledger_entries";
DROP FUNCTION "ledger_check_balanced"();
