-- Customer console: usage logs filtered by model and sorted by cost or latency stay on an index with millions of rows
-- (keyset pagination walks these in order; see lib/usage/list-request-logs.ts).
CREATE INDEX "request_logs_user_id_model_created_at_id_idx" ON "request_logs"("user_id", "model", "created_at" DESC, "id" DESC);
CREATE INDEX "request_logs_user_id_cost_id_idx" ON "request_logs"("user_id", "cost" DESC, "id" DESC);
CREATE INDEX "request_logs_user_id_latency_ms_id_idx" ON "request_logs"("user_id", "latency_ms" DESC, "id" DESC);
