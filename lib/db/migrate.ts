/**
 * Applies the committed SQL migrations in prisma/migrations, in name order, each in its own transaction, and records
 * them in `_switchyard_migrations`. Safe when several instances start at once: an advisory lock lets one apply them
 * while the others wait, then find nothing left to do. (The Prisma CLI's migrate engine cannot run offline here.)
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

const LOCK_ID = 7_335_901; // arbitrary, constant across instances

export type Migration = { name: string; sql: string; checksum: string };

export function migrationsDir(): string {
  return path.resolve(process.env.SWITCHYARD_ROOT ?? process.cwd(), "prisma", "migrations");
}

export function readMigrations(dir = migrationsDir()): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Apply pending migrations; returns the names applied by this call. */
export async function migrate(url: string, { dir }: { dir?: string } = {}): Promise<string[]> {
  const migrations = readMigrations(dir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("select pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_switchyard_migrations" (
      "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "applied_at" TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const done = new Map(
      (await client.query<{ name: string; checksum: string }>(`select name, checksum from "_switchyard_migrations"`)).rows.map(
        (row) => [row.name, row.checksum],
      ),
    );
    for (const migration of migrations) {
      const previous = done.get(migration.name);
      if (previous !== undefined) {
        if (previous !== migration.checksum) {
          throw new Error(`Migration ${migration.name} was changed after it was applied; add a new migration instead.`);
        }
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(`insert into "_switchyard_migrations" (name, checksum) values ($1, $2)`, [
          migration.name,
          migration.checksum,
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
      applied.push(migration.name);
    }
  } finally {
    await client.query("select pg_advisory_unlock($1)", [LOCK_ID]).catch(() => undefined);
    await client.end();
  }
  return applied;
}

/** Names of migrations not yet applied (for /api/ready). */
export async function pendingMigrations(client: pg.ClientBase | pg.Pool): Promise<string[]> {
  const names = readMigrations().map((m) => m.name);
  try {
    const rows = (await client.query<{ name: string }>(`select name from "_switchyard_migrations"`)).rows;
    const done = new Set(rows.map((r) => r.name));
    return names.filter((n) => !done.has(n));
  } catch {
    return names;
  }
}
