-- The request log's indexes that end in its time are declared ascending (docs/benchmarks.md, "Session 12").
-- Declared descending, every new row's entry went to the LEFT edge of its key's range (the newest sorts first), and
-- PostgreSQL splits a full page that is not the rightmost of its range in half: those indexes held pages half full,
-- about twice the size they need, and every row paid for the extra splits. Ascending, a new entry goes to the right
-- edge of its range, where a split leaves the old page full. The queries are unchanged: a B-tree is read backwards
-- as cheaply as forwards, so `order by created_at desc, id desc` is an index scan backward over the same columns.
-- On a 5-million-row log (a variant of `npm run bench -- request-log` with the two orders in its two databases):
-- PostgreSQL's CPU per written row 76.0 vs 91.1 µs; user/time and key/time 244 vs 436 MB each, channel/time 151 vs
-- 271 MB, user/model/time 537 vs 599 MB.
-- The sorts by cost and by latency keep their order: their entries land all over the index either way.
-- CREATE INDEX takes a write lock on request_logs while it builds (the relay's request-log writer retries, and rows
-- queue in memory meanwhile); on a very large log, expect the migration to take minutes.
DROP INDEX "request_logs_user_id_created_at_id_idx";
CREATE INDEX "request_logs_user_id_created_at_id_idx" ON "request_logs"("user_id", "created_at", "id");
DROP INDEX "request_logs_user_id_model_created_at_id_idx";
CREATE INDEX "request_logs_user_id_model_created_at_id_idx" ON "request_logs"("user_id", "model", "created_at", "id");
DROP INDEX "request_logs_org_id_created_at_id_idx";
CREATE INDEX "request_logs_org_id_created_at_id_idx" ON "request_logs"("org_id", "created_at", "id") WHERE "org_id" IS NOT NULL;
DROP INDEX "request_logs_api_key_id_created_at_id_idx";
CREATE INDEX "request_logs_api_key_id_created_at_id_idx" ON "request_logs"("api_key_id", "created_at", "id");
DROP INDEX "request_logs_channel_id_created_at_idx";
CREATE INDEX "request_logs_channel_id_created_at_idx" ON "request_logs"("channel_id", "created_at");
