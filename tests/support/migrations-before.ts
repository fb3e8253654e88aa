import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrationsDir } from "../../lib/db/migrate";

/** The migrations before `first`, as a folder of their own: a database to migrate past `first` in a migration test. */
export function migrationsBefore(first: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-"));
  for (const entry of fs.readdirSync(migrationsDir())) {
    if (entry < first) fs.cpSync(path.join(migrationsDir(), entry), path.join(dir, entry), { recursive: true });
  }
  return dir;
}
