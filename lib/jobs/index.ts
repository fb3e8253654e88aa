/**
 * Background jobs (hold expiry sweeper, rollups, allowance resets, low-balance mail). Each job runs on one
 * instance of the cluster at a time: before a run the instance takes a lease row in job_leases, which expires on
 * its own if the instance dies.
 */
import { randomUUID } from "node:crypto";
import { logger } from "../log";
import { singleton } from "../singleton";

export type Job = {
  name: string;
  everyMs: number;
  run: () => Promise<void>;
};

const registry = singleton("jobs.registry", () => new Map<string, Job>());
const INSTANCE_ID = singleton("jobs.instance", () => randomUUID());

/** Register a job (modules call this at import time). */
export function registerJob(job: Job): void {
  registry.set(job.name, job);
}

/** Take (or extend) the cluster-wide lease for `name`. True when this instance may run the job now. */
export async function acquireLease(name: string, ttlMs: number, holder = INSTANCE_ID): Promise<boolean> {
  const { pool } = await import("../db");
  const result = await pool().query(
    `insert into job_leases (name, holder, expires_at) values ($1, $2, now() + $3 * interval '1 millisecond')
     on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
       where job_leases.expires_at < now() or job_leases.holder = excluded.holder
     returning holder`,
    [name, holder, ttlMs],
  );
  return result.rowCount === 1;
}

/** Run one job now, under its lease. Returns false when another instance holds the lease. */
export async function runJobOnce(job: Job, holder = INSTANCE_ID): Promise<boolean> {
  if (!(await acquireLease(job.name, Math.max(job.everyMs * 2, 30_000), holder))) return false;
  await job.run();
  return true;
}

export function startBackgroundJobs({ jobs = [...registry.values()] }: { jobs?: Job[] } = {}): { stop: () => void } {
  const timers: NodeJS.Timeout[] = [];
  for (const job of jobs) {
    let isRunning = false;
    const tick = async () => {
      if (isRunning) return;
      isRunning = true;
      try {
        await runJobOnce(job);
      } catch (error) {
        logger().warn({ job: job.name, err: error instanceof Error ? error.message : String(error) }, "job failed");
      } finally {
        isRunning = false;
      }
    };
    const timer = setInterval(() => void tick(), job.everyMs);
    timer.unref();
    timers.push(timer);
  }
  return { stop: () => timers.forEach(clearInterval) };
}
