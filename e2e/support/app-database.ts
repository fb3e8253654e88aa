/**
 * The shared preamble of the e2e support scripts that run as their own processes against the app under test's
 * database (found through DATA_DIR, as the CLI finds it): open it, do the work, close the pool and the embedded
 * server, and exit with the work's outcome. lib/db is imported only after bootstrap, which is what points it at
 * that database.
 */
import { bootstrapDatabase } from "../../lib/db/bootstrap";

export function runAgainstAppDatabase(work: () => Promise<void>): void {
  withAppDatabase(work).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

async function withAppDatabase(work: () => Promise<void>): Promise<void> {
  const database = await bootstrapDatabase();
  try {
    await work();
  } finally {
    const { closeDatabase } = await import("../../lib/db");
    await closeDatabase();
    await database.stop();
  }
}
