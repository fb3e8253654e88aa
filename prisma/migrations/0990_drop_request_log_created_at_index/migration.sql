-- One index less to write per request-log row, on the relay's busiest table (docs/benchmarks.md, "Session 8"). No
-- query reads request_logs by time alone: the usage log always names a user or an organization (its indexes lead
-- with them), the key list and channel health go through api_key_id and channel_id, and charts read usage_rollups.
DROP INDEX "request_logs_created_at_idx";
