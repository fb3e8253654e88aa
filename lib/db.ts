import "server-only";
/**
 * The database: one Prisma client (through the pg driver adapter) and the pg pool behind it, per process.
 * Hot paths that need one round trip (the ledger, the request log) use `pool()` with plain SQL.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "./env";
import { PrismaClient } from "./generated/prisma/client";
import { singleton } from "./singleton";

/**
 * Type parsers for plain SQL: BIGINT comes back as JS bigint, so money never passes through a float.
 * (Per query, not global: Prisma's adapter expects pg's default strings on the same pool.)
 */
export const BIGINT_TYPES = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === pg.types.builtins.INT8) return (value: string) => BigInt(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Plain SQL with bigint money columns. `client` defaults to the pool (pass one inside a transaction). */
export async function sql<R extends pg.QueryResultRow = pg.QueryResultRow>(
  text: string,
  values: unknown[] = [],
  client: pg.Pool | pg.PoolClient = pool(),
): Promise<pg.QueryResult<R>> {
  return client.query<R>({ text, values, types: BIGINT_TYPES });
}

type Database = { pool: pg.Pool; prisma: PrismaClient };

function connect(): Database {
  const url = env().DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the app through server.ts or the CLI, which start the embedded database.");
  // connectionTimeoutMillis: a database that never answers fails requests (503) instead of queueing them forever;
  // generous, since a loaded machine can take seconds to open a connection (a refused one fails at once anyway)
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DB_POOL_SIZE ?? 20), idleTimeoutMillis: 30_000, connectionTimeoutMillis: 15_000 });
  pool.on("error", () => undefined); // a dropped idle connection is replaced on next use
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { pool, prisma };
}

function database(): Database {
  return singleton("db", connect);
}

export function prisma(): PrismaClient {
  return database().prisma;
}

export function pool(): pg.Pool {
  return database().pool;
}

export async function closeDatabase(): Promise<void> {
  const key = Symbol.for("switchyard.db");
  const store = globalThis as unknown as Record<symbol, Database | undefined>;
  const db = store[key];
  if (!db) return;
  delete store[key];
  await db.prisma.$disconnect().catch(() => undefined);
  await db.pool.end().catch(() => undefined);
}

export type { PrismaClient };
export { Prisma } from "./generated/prisma/client";
