/**
 * Mail for rows a statement has just latched (marked as taken for sending, so no other pass sends them too): one mail
 * per row, each tried even when an earlier one failed; a row whose mail could not be written is unlatched, so the
 * next pass sends it. Throws the first failure once every row was tried; returns how many mails were written.
 */
import "server-only";

export async function sendLatched<Row>(rows: Row[], { send, unlatch }: { send: (row: Row) => Promise<void>; unlatch: (row: Row) => Promise<void> }): Promise<number> {
  let sent = 0;
  let failure: unknown = null;
  for (const row of rows) {
    try {
      await send(row);
      sent += 1;
    } catch (error) {
      failure ??= error;
      await unlatch(row);
    }
  }
  if (failure !== null) throw failure;
  return sent;
}
