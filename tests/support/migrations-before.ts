import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { closeDatabase } from "../../lib/db";
import { migrate, migrationsDir } from "../../lib/db/migrate";
import { resetEnv } from "../../lib/env";

/** The migrations before `first`, as a folder of their own: a database to migrate past `first` in a migration test. */
export function migrationsBefore(first: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-"));
  for (const entry of fs.readdirSync(migrationsDir())) {
    if (entry < first) fs.cpSync(path.join(migrationsDir(), entry), path.join(dir, entry), { recursive: true });
  }
  return dir;
}

/**
 * A database of its own for a migration test: `migrateBefore` creates it with the migrations before one (the test
 * then writes rows the way the old code did and migrates on, pointing the app at `url`); `drop` (in afterAll) closes
 * the app's pool, points it back at the test database and drops the scratch one.
 */
export function scratchDatabase(): { url: string; migrateBefore(first: string): Promise<string[]>; drop(): Promise<void> } {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? "";
  const testUrl = process.env.DATABASE_URL;
  const name = `t_mig_${randomBytes(6).toString("hex")}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  return {
    url: url.toString(),
    async migrateBefore(first) {
      await admin(`CREATE DATABASE ${name}`);
      const before = migrationsBefore(first);
      try {
        return await migrate(url.toString(), { dir: before });
      } finally {
        fs.rmSync(before, { recursive: true });
      }
    },
    async drop() {
      await closeDatabase();
      process.env.DATABASE_URL = testUrl;
      resetEnv();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
