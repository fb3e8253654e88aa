/**
 * Runs in every test file before its imports: gives the file a database of its own, copied from the migrated
 * template, and points DATABASE_URL at it. Files run in parallel without seeing each other's rows.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";

const adminUrl = inject("adminDatabaseUrl");
const name = `t_${randomBytes(6).toString("hex")}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name} TEMPLATE switchyard_template`);
await admin.end();

const url = new URL(adminUrl);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();
process.env.TEST_ADMIN_DATABASE_URL = adminUrl;

afterAll(async () => {
  const { closeDatabase } = await import("../../lib/db");
  await closeDatabase();
  const { resetCaches } = await import("./reset");
  resetCaches();
});
