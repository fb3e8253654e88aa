/**
 * Prints the newest message the app under test sent to an address (its text), from the outbox table: how browser
 * specs read invitation and reset links without a mail server. Run with DATA_DIR set, like the CLI:
 * `node --import tsx --import ./scripts/register-hooks.mjs e2e/support/read-outbox.ts <email>`
 */
import { bootstrapDatabase } from "../../lib/db/bootstrap";

async function main(): Promise<void> {
  const [to] = process.argv.slice(2);
  if (!to) throw new Error("usage: read-outbox.ts <email>");
  const database = await bootstrapDatabase();
  try {
    const { sql, closeDatabase } = await import("../../lib/db");
    const { rows } = await sql<{ text: string }>(`select text from outbox_messages where "to" = $1 order by created_at desc limit 1`, [to.toLowerCase()]);
    process.stdout.write(rows[0]?.text ?? "");
    await closeDatabase();
  } finally {
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
