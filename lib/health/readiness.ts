/**
 * Readiness: the database answers, every migration is applied, and Redis answers when REDIS_URL is configured.
 */
import "server-only";
import { pendingMigrations } from "../db/migrate";
import { pool } from "../db";
import { env } from "../env";

export type Readiness = { isReady: boolean; checks: Record<string, { ok: boolean; detail?: string }> };

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness(): Promise<Readiness> {
  const checks: Readiness["checks"] = {};
  try {
    await withTimeout(pool().query("select 1"), 2_000);
    const pending = await withTimeout(pendingMigrations(pool()), 2_000);
    checks.database = { ok: true };
    checks.migrations = pending.length === 0 ? { ok: true } : { ok: false, detail: `pending: ${pending.join(", ")}` };
  } catch (error) {
    checks.database = { ok: false, detail: (error as Error).message };
  }
  if (env().REDIS_URL) {
    try {
      const { redisPing } = await import("../cluster/redis");
      await withTimeout(redisPing(), 2_000);
      checks.redis = { ok: true };
    } catch (error) {
      checks.redis = { ok: false, detail: (error as Error).message };
    }
  }
  return { isReady: Object.values(checks).every((c) => c.ok), checks };
}
