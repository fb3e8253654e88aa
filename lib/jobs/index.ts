/**
 * Background jobs (hold expiry sweeper, rollups, allowance resets, low-balance mail). Each job runs on one
 * instance of the cluster at a time: before a run the instance takes a lease row in job_leases (database clock,
 * so instance clocks do not matter), which it keeps extending while it runs and which expires on its own if the
 * instance dies; a graceful stop hands it back at once. Every tick is recorded in job_runs (runs, or skipped
 * because another instance held the lease), so an operator — and the cluster test — can see who ran what.
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import { logger } from "../log";
import { singleton } from "../singleton";

export type Job = {
  name: string;
  everyMs: number;
  run: () => Promise<void>;
};

const registry = singleton("jobs.registry", () => new Map<string, Job>());
const INSTANCE_ID = singleton("jobs.instance", () => `${os.hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`);

/** Register a job (modules call this at import time). */
export function registerJob(job: Job): void {
  registry.set(job.name, job);
}

/** This process's name in job_leases and job_runs. */
export function jobHolderId(): string {
  return INSTANCE_ID;
}

/** Take (or extend) the cluster-wide lease for `name`. True when this instance may run the job now. */
export async function acquireLease(name: string, ttlMs: number, holder = INSTANCE_ID): Promise<boolean> {
  const { pool } = await import("../db");
  // Under a race, the losers' inserts wait on the winner's row and then see it (unexpired, another holder): no row.
  const result = await pool().query(
    `insert into job_leases (name, holder, expires_at) values ($1, $2, now() + $3 * interval '1 millisecond')
     on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
       where job_leases.expires_at < now() or job_leases.holder = excluded.holder
     returning holder`,
    [name, holder, ttlMs],
  );
  return result.rowCount === 1;
}

/** Hand back every lease this instance holds (graceful stop), so another instance takes over at its next tick. */
export async function releaseLeases(holder = INSTANCE_ID): Promise<void> {
  const { pool } = await import("../db");
  await pool().query(`update job_leases set expires_at = now() where holder = $1`, [holder]);
}

async function recordTick(name: string, holder: string, outcome: "run" | "skipped" | "failed", error?: string): Promise<void> {
  const { pool } = await import("../db");
  await pool().query(
    `with pruned as (delete from job_runs where name = $1 and updated_at < now() - interval '7 days')
     insert into job_runs (name, holder, runs, skipped, failures, last_run_at, last_error, updated_at)
     values ($1, $2, $3::bigint, $4::bigint, $5::bigint, case when $3::bigint + $5::bigint > 0 then now() end, $6::text, now())
     on conflict (name, holder) do update set
       runs = job_runs.runs + excluded.runs, skipped = job_runs.skipped + excluded.skipped,
       failures = job_runs.failures + excluded.failures,
       last_run_at = coalesce(excluded.last_run_at, job_runs.last_run_at),
       last_error = case when excluded.failures > 0 then excluded.last_error else job_runs.last_error end,
       updated_at = now()`,
    [name, holder, outcome === "run" ? 1 : 0, outcome === "skipped" ? 1 : 0, outcome === "failed" ? 1 : 0, error ?? null],
  );
}

/** Run one job now, under its lease. Returns false when another instance holds the lease. */
export async function runJobOnce(job: Job, holder = INSTANCE_ID): Promise<boolean> {
  const ttlMs = Math.max(job.everyMs * 2, 30_000);
  if (!(await acquireLease(job.name, ttlMs, holder))) {
    await recordTick(job.name, holder, "skipped");
    return false;
  }
  // a run longer than the lease keeps it: no other instance starts the same job meanwhile
  const keeper = setInterval(() => void acquireLease(job.name, ttlMs, holder).catch(() => undefined), ttlMs / 3);
  keeper.unref();
  try {
    await job.run();
  } catch (error) {
    await recordTick(job.name, holder, "failed", error instanceof Error ? error.message : String(error)).catch(() => undefined);
    throw error;
  } finally {
    clearInterval(keeper);
  }
  await recordTick(job.name, holder, "run");
  return true;
}

/** When a job first runs after start: soon (a restart should not delay the sweeper by a whole period), spread out. */
function firstRunDelay(everyMs: number): number {
  return Math.min(everyMs, 2_000 + Math.floor(Math.random() * 3_000));
}

export function startBackgroundJobs({ jobs = [...registry.values()] }: { jobs?: Job[] } = {}): { stop: () => Promise<void> } {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  let isStopped = false;
  for (const job of jobs) {
    let isRunning = false;
    const tick = async () => {
      if (isRunning || isStopped) return;
      isRunning = true;
      const run = runJobOnce(job)
        .then(() => undefined)
        .catch((error: unknown) => logger().warn({ job: job.name, err: error instanceof Error ? error.message : String(error) }, "job failed"))
        .finally(() => {
          isRunning = false;
          running.delete(run);
        });
      running.add(run);
      await run;
    };
    const first = setTimeout(() => {
      void tick();
      const timer = setInterval(() => void tick(), job.everyMs);
      timer.unref();
      timers.push(timer);
    }, firstRunDelay(job.everyMs));
    first.unref();
    timers.push(first);
  }
  return {
    stop: async () => {
      isStopped = true;
      timers.forEach((timer) => clearTimeout(timer));
      // a run in progress finishes under its lease before the lease is handed back
      await Promise.allSettled([...running]);
      await releaseLeases().catch(() => undefined);
    },
  };
}
