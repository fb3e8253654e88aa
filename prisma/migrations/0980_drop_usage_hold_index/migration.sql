-- One index less to write per usage settlement (docs/benchmarks.md, "Session 7"). The expression index on a usage
-- transaction's metadata->>'holdId' (0200) served only ledger:check's "usage posted for a hold that is not settled",
-- a whole-ledger audit that reads every usage transaction anyway (its "posted more than once" check already scans
-- them all); a lookup of one hold's settlement goes through the unique idempotency key, usage:<hold id>.
DROP INDEX "ledger_transactions_usage_hold_idx";
