/**
 * Prints the newest message the app under test sent to an address (its text), from the outbox table: how browser
 * specs read invitation and reset links without a mail server. Run with DATA_DIR set, like the CLI:
 * `node --import tsx --import ./scripts/register-hooks.mjs e2e/support/read-outbox.ts <email>`
 */
import { runAgainstAppDatabase } from "./app-database";

const [to] = process.argv.slice(2);
if (!to) throw new Error("usage: read-outbox.ts <email>");

runAgainstAppDatabase(async () => {
  const { sql } = await import("../../lib/db");
  const { rows } = await sql<{ text: string }>(`select text from outbox_messages where "to" = $1 order by created_at desc limit 1`, [to.toLowerCase()]);
  process.stdout.write(rows[0]?.text ?? "");
});
