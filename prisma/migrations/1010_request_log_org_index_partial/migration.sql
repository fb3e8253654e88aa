-- The organization index of the request log holds only rows that belong to an organization (docs/benchmarks.md,
-- "Session 10"). Every personal request wrote an entry with a NULL org_id that no query reads: the usage log reads an
-- organization's rows by `org_id = $1` (which implies NOT NULL, so the planner uses this index), and a personal scope
-- by `user_id = $1 and org_id is null` (the user_id indexes). One index entry less per personal request.
DROP INDEX "request_logs_org_id_created_at_id_idx";
CREATE INDEX "request_logs_org_id_created_at_id_idx" ON "request_logs"("org_id", "created_at" DESC, "id" DESC) WHERE "org_id" IS NOT NULL;
