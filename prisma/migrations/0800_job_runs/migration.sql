-- Background jobs: what each instance did with each job (runs under the cluster-wide lease, ticks skipped because
-- another instance held it). One row per job and instance; rows of instances gone for a week are pruned.
CREATE TABLE "job_runs" (
  "name" TEXT NOT NULL,
  "holder" TEXT NOT NULL,
  "runs" BIGINT NOT NULL DEFAULT 0,
  "skipped" BIGINT NOT NULL DEFAULT 0,
  "failures" BIGINT NOT NULL DEFAULT 0,
  "last_run_at" TIMESTAMPTZ(3),
  "last_error" TEXT,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "job_runs_pkey" PRIMARY KEY ("name", "holder")
);
CREATE INDEX "job_runs_updated_at_idx" ON "job_runs"("updated_at");
