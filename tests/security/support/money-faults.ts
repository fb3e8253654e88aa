/**
 * Real database faults for the money tests, injected in PostgreSQL on the usage postings of one request (or memo):
 * `raise` fails it every time (a permanent fault); `terminate` kills the backend running it the first time only (a
 * connection lost mid-commit). A sequence counts the attempts, and survives the aborted transactions.
 */
import { sql } from "../../../lib/db";

let faults = 0;

/**
 * Install the fault (replacing any other) on the usage postings (one per settlement, on either engine) of a request id,
 * or of a memo (the relay's usage memo is the model); returns the name of the sequence that counts its attempts.
 */
export async function injectLedgerFault({ requestId, memo, kind }: { requestId?: string; memo?: string; kind: "raise" | "terminate" }): Promise<string> {
  const [column, value] = requestId !== undefined ? ["request_id", requestId] : ["memo", memo ?? ""];
  const seq = `money_fault_${process.pid}_${++faults}`;
  await sql(`create sequence ${seq}`);
  const action = kind === "raise" ? `raise exception 'injected fault'` : `if currval('${seq}') = 1 then perform pg_terminate_backend(pg_backend_pid()); end if`;
  await sql(`create or replace function money_fault() returns trigger language plpgsql as $$
    begin
      if NEW.${column} = '${value.replaceAll("'", "''")}' then
        perform nextval('${seq}');
        ${action};
      end if;
      return NEW;
    end $$`);
  await sql(`drop trigger if exists money_fault on usage_postings`);
  await sql(`create trigger money_fault before insert on usage_postings for each row execute function money_fault()`);
  return seq;
}

export async function removeLedgerFault(): Promise<void> {
  await sql(`drop trigger if exists money_fault on usage_postings`);
}

/** How many times the fault's request reached the trigger. */
export async function faultAttempts(seq: string): Promise<number> {
  const { rows } = await sql<{ last_value: string; is_called: boolean }>(`select last_value::text, is_called from ${seq}`);
  return rows[0].is_called ? Number(rows[0].last_value) : 0;
}
