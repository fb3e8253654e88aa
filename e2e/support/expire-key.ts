/**
 * Moves a key's expiry into the past in the app under test's database (an expired key cannot be created through
 * the console, which refuses past expiries). `node --import tsx --import ./scripts/register-hooks.mjs
 * e2e/support/expire-key.ts <keyId>` with DATA_DIR set, like seed-relay-channel.ts.
 */
import { runAgainstAppDatabase } from "./app-database";

const [keyId] = process.argv.slice(2);
if (!keyId) throw new Error("usage: expire-key.ts <keyId>");

runAgainstAppDatabase(async () => {
  const { sql } = await import("../../lib/db");
  const { rowCount } = await sql(`update api_keys set expires_at = now() - interval '1 day' where id = $1`, [keyId]);
  if (rowCount !== 1) throw new Error(`no key ${keyId}`);
});
