-- One row per usage settlement, one usage transaction per wallet per settlement batch (docs/benchmarks.md,
-- "Session 10" and "Session 11").
--
-- Before: every settled request wrote a usage transaction of its own (a row and its unique idempotency key) and two to
-- four entries (each a row and two index entries), with the settlement's hold, key, allowance month and amounts in
-- the transaction's metadata. At 64 clients that was about a third of PostgreSQL's work per request.
--
-- Now a settlement is one row here: its hold (the primary key, which is also the guard that charges a hold at most
-- once), the usage transaction that moved its money, and its amounts. The hot path's batch posts one usage
-- transaction per wallet whose entries are the sums of that wallet's postings in the batch; a durable hold's
-- settlement still posts a transaction of its own, with its one posting. ledger:check proves every usage
-- transaction's entries equal the sums of its postings, and the keys' and allowance months' spent columns equal the
-- postings' costs.
CREATE TABLE "usage_postings" (
  "hold_id" UUID NOT NULL,
  "transaction_id" UUID NOT NULL,
  "request_id" TEXT,
  "api_key_id" UUID,
  "membership_id" UUID,
  "allowance_month" TEXT,
  -- the full cost; what the wallet paid (from_trial of it from the trial bucket); what it could not pay
  "cost" BIGINT NOT NULL,
  "charged" BIGINT NOT NULL,
  "from_trial" BIGINT NOT NULL,
  "loss" BIGINT NOT NULL,
  "memo" TEXT,
  "metadata" JSONB,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "usage_postings_pkey" PRIMARY KEY ("hold_id"),
  CONSTRAINT "usage_postings_amounts" CHECK ("cost" > 0 AND "charged" >= 0 AND "loss" >= 0 AND "charged" + "loss" = "cost"
                                             AND "from_trial" >= 0 AND "from_trial" <= "charged")
);

-- Postings are ledger rows: append-only, like the transactions and entries (0001_init).
CREATE TRIGGER "usage_postings_immutable" BEFORE UPDATE OR DELETE ON "usage_postings"
  FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"();
CREATE TRIGGER "usage_postings_no_truncate" BEFORE TRUNCATE ON "usage_postings"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_refuse_change"();

-- The settlements posted before this migration, one transaction each, from their transactions' metadata and entries.
INSERT INTO "usage_postings" ("hold_id", "transaction_id", "request_id", "api_key_id", "membership_id", "allowance_month",
                              "cost", "charged", "from_trial", "loss", "memo", "metadata", "created_at")
SELECT (t."metadata"->>'holdId')::uuid, t."id", t."request_id", (t."metadata"->>'apiKeyId')::uuid,
       (t."metadata"->>'membershipId')::uuid, t."metadata"->>'allowanceMonth',
       (t."metadata"->>'cost')::bigint, (t."metadata"->>'charged')::bigint,
       coalesce((SELECT -sum(e."amount") FROM "ledger_entries" e WHERE e."transaction_id" = t."id" AND e."bucket" = 'trial'), 0)::bigint,
       (t."metadata"->>'loss')::bigint, t."memo",
       nullif(t."metadata" - ARRAY['holdId', 'apiKeyId', 'membershipId', 'allowanceMonth', 'cost', 'charged', 'loss'], '{}'::jsonb),
       t."created_at"
  FROM "ledger_transactions" t
 WHERE t."kind" = 'usage' AND t."metadata" ? 'holdId';
