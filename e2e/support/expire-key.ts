/**
 * Moves a key's expiry into the past in the app under test's database (an expired key cannot be created through
 * the console, which refuses past expiries). `node --import tsx --import ./scripts/register-hooks.mjs
 * e2e/support/expire-key.ts <keyId>` with DATA_DIR set, like seed-relay-channel.ts.
 */
import { bootstrapDatabase } from "../../lib/db/bootstrap";

async function main(): Promise<void> {
  const [keyId] = process.argv.slice(2);
  if (!keyId) throw new Error("usage: expire-key.ts <keyId>");
  const database = await bootstrapDatabase();
  try {
    const { sql } = await import("../../lib/db");
    const { rowCount } = await sql(`update api_keys set expires_at = now() - interval '1 day' where id = $1`, [keyId]);
    if (rowCount !== 1) throw new Error(`no key ${keyId}`);
  } finally {
    const { closeDatabase } = await import("../../lib/db");
    await closeDatabase();
    await database.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
