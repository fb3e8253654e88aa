-- Less work per wallet row in a settlement batch (docs/benchmarks.md, ledger section); same guarantees.

-- The version still moves by exactly one on every update of a ledger account. A writer that already sets
-- version = version + 1 (the ledger hot path) no longer pays a trigger call per row; any other update is bumped by
-- the trigger as before (also one that tries to set the version to anything else).
DROP TRIGGER "ledger_accounts_version" ON "ledger_accounts";
CREATE TRIGGER "ledger_accounts_version" BEFORE UPDATE ON "ledger_accounts"
  FOR EACH ROW WHEN (NEW."version" IS DISTINCT FROM OLD."version" + 1) EXECUTE FUNCTION "ledger_account_bump_version"();

-- Every committed change of a wallet is still announced on channel switchyard_ledger, delivered at commit in commit
-- order, but with one trigger call per statement and one notification per 48 wallets (the payload stays under
-- 8,000 bytes) instead of one of each per row: one line per wallet, "<id> <version> <paid> <trial> <held> <frozen>".
DROP TRIGGER "ledger_accounts_announce" ON "ledger_accounts";
DROP FUNCTION "ledger_account_announce"();
CREATE FUNCTION "ledger_accounts_announce"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('switchyard_ledger', string_agg(line, E'\n'))
     FROM (SELECT "id" || ' ' || "version" || ' ' || "paid" || ' ' || "trial" || ' ' || "held" || ' ' || "frozen" AS line,
                  (row_number() OVER () - 1) / 48 AS chunk
             FROM "updated_accounts" WHERE "kind" <> 'system') AS lines
    GROUP BY chunk;
  RETURN NULL;
END $$;
CREATE TRIGGER "ledger_accounts_announce" AFTER UPDATE ON "ledger_accounts"
  REFERENCING NEW TABLE AS "updated_accounts" FOR EACH STATEMENT EXECUTE FUNCTION "ledger_accounts_announce"();
