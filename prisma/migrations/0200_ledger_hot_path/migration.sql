-- The ledger hot path (docs/architecture.md, "Ledger hot path"): processes keep wallet balances in memory and
-- must learn at once of any change made elsewhere (the CLI, a webhook, another instance, an operator in psql).

-- Every update of a ledger account bumps its version, so an in-memory view can tell a newer state from an older
-- one whatever order the news arrives in (its own commit, a NOTIFY, a reload).
ALTER TABLE "ledger_accounts" ADD COLUMN "version" BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION "ledger_account_bump_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."version" := OLD."version" + 1;
  RETURN NEW;
END $$;
CREATE TRIGGER "ledger_accounts_version" BEFORE UPDATE ON "ledger_accounts"
  FOR EACH ROW EXECUTE FUNCTION "ledger_account_bump_version"();

-- Every committed change of a wallet is announced on channel switchyard_ledger with its new state:
-- "<id> <version> <paid> <trial> <held> <frozen>". NOTIFY is delivered at commit, in commit order.
CREATE FUNCTION "ledger_account_announce"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('switchyard_ledger', NEW."id" || ' ' || NEW."version" || ' ' || NEW."paid" || ' ' || NEW."trial"
    || ' ' || NEW."held" || ' ' || NEW."frozen");
  RETURN NULL;
END $$;
CREATE TRIGGER "ledger_accounts_announce" AFTER UPDATE ON "ledger_accounts"
  FOR EACH ROW WHEN (NEW."kind" <> 'system') EXECUTE FUNCTION "ledger_account_announce"();

-- Model catalog and price changes are announced on channel switchyard_prices (payload: the model id), so every
-- process drops its cached prices.
CREATE FUNCTION "model_catalog_announce"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'models' THEN
    PERFORM pg_notify('switchyard_prices', coalesce(NEW."id", OLD."id"));
  ELSE
    PERFORM pg_notify('switchyard_prices', coalesce(NEW."model_id", OLD."model_id"));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "models_announce" AFTER INSERT OR UPDATE OR DELETE ON "models"
  FOR EACH ROW EXECUTE FUNCTION "model_catalog_announce"();
CREATE TRIGGER "model_prices_announce" AFTER INSERT OR UPDATE OR DELETE ON "model_prices"
  FOR EACH ROW EXECUTE FUNCTION "model_catalog_announce"();

-- Usage settlements carry their hold id, so ledger:check can prove a hold was charged at most once and a voided
-- hold never.
CREATE INDEX "ledger_transactions_usage_hold_idx" ON "ledger_transactions"(("metadata"->>'holdId')) WHERE "kind" = 'usage';
