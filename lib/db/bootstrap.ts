/**
 * Gets a process a migrated database: DATABASE_URL when set, otherwise the embedded PostgreSQL in DATA_DIR.
 * Used by server.ts, the operator CLI and scripts. Sets process.env.DATABASE_URL for everything loaded after it.
 */
import path from "node:path";
import { env, resetEnv } from "../env";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded";
import { migrate } from "./migrate";

export type Database = { url: string; isEmbedded: boolean; stop: () => Promise<void> };

export async function bootstrapDatabase({ log = () => undefined }: { log?: (line: string) => void } = {}): Promise<Database> {
  const { DATABASE_URL, DATA_DIR, EMBEDDED_PG_PORT } = env();
  let embedded: EmbeddedDatabase | undefined;
  let url = DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: path.resolve(DATA_DIR), port: EMBEDDED_PG_PORT, log });
    url = embedded.url;
    process.env.DATABASE_URL = url;
    resetEnv();
  }
  const applied = await migrate(url);
  if (applied.length > 0) log(`applied migrations: ${applied.join(", ")}`);
  return {
    url,
    isEmbedded: Boolean(embedded),
    stop: async () => {
      await embedded?.stop();
    },
  };
}
