/**
 * A real app process (server.ts) for the money tests that need one (kill -9, load): a fresh database on the
 * machine's PostgreSQL, shared with this test process (which seeds through the lib functions and checks the
 * ledger), and instances started on it as the cluster tests start theirs.
 */
import { closeDatabase } from "../../../lib/db";
import { resetEnv } from "../../../lib/env";
import { dropSingleton } from "../../../lib/singleton";
import { CLUSTER_AUTH_SECRET, buildOnce, createClusterDatabase, startInstance, type Instance } from "../../cluster/support/instances";

/** In development, point at an existing build (SECURITY_DIST_DIR=.next-yours) instead of rebuilding .next-h. */
const DIST_DIR = process.env.SECURITY_DIST_DIR;

export type AppDatabase = { url: string; drop: () => Promise<void> };

/** Build the console if needed, create the database and make it this process's database too. */
export async function prepareAppDatabase(label: string): Promise<AppDatabase> {
  if (!DIST_DIR) await buildOnce();
  const database = await createClusterDatabase(label);
  // the app decrypts the channel secrets seeded here: one AUTH_SECRET for both
  Object.assign(process.env, { DATABASE_URL: database.url, AUTH_SECRET: CLUSTER_AUTH_SECRET });
  resetEnv();
  dropSingleton("app-secret");
  await closeDatabase();
  return database;
}

export function startApp({ name, database, env = {} }: { name: string; database: AppDatabase; env?: Record<string, string> }): Promise<Instance> {
  return startInstance({ name, env: { DATABASE_URL: database.url, LOG_LEVEL: "warn", ...(DIST_DIR ? { NEXT_DIST_DIR: DIST_DIR } : {}), ...env } });
}
