-- One index less to write per settlement (docs/benchmarks.md, "Session 8"). No query reads ledger transactions by
-- time alone: statements and the operator's customer page reach them through a wallet's entries (account_id), a
-- retry through the unique idempotency key, and ledger:check reads them all.
DROP INDEX "ledger_transactions_created_at_idx";
