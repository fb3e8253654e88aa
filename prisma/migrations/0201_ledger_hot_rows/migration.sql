-- Rows the ledger hot path updates on every settlement batch (wallets, API keys, allowance months) leave room on
-- their pages, so those updates stay HOT (heap-only: no new entry in every index of the table for each update).
ALTER TABLE "ledger_accounts" SET (fillfactor = 50);
ALTER TABLE "api_keys" SET (fillfactor = 50);
ALTER TABLE "allowance_usage" SET (fillfactor = 50);
