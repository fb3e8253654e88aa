/**
 * Exactly-once effects for Stripe events. The stripe_events row is inserted in the SAME database transaction as
 * the event's money movement: concurrent deliveries of one event wait on its primary key and then find it taken;
 * an event whose work fails rolls back with its effect and is not "seen", so Stripe's retry applies it.
 */
import "server-only";
import type pg from "pg";
import { sql } from "../db";
import { inTransaction, notifyBalanceChange } from "../billing/ledger";

export type EventOutcome = "processed" | "duplicate";

export type EventWork = (client: pg.PoolClient, changedWallets: Set<string>) => Promise<void>;

/** Whether an event's effect has already committed (a fast path before any Stripe round trip). */
export async function isEventProcessed(eventId: string): Promise<boolean> {
  const { rowCount } = await sql(`select 1 from stripe_events where id = $1`, [eventId]);
  return (rowCount ?? 0) > 0;
}

export async function processEventOnce({ id, type }: { id: string; type: string }, work: EventWork): Promise<EventOutcome> {
  const changedWallets = new Set<string>();
  const outcome = await inTransaction(async (client): Promise<EventOutcome> => {
    const inserted = await sql(`insert into stripe_events (id, type) values ($1, $2) on conflict (id) do nothing returning id`, [id, type], client);
    if (inserted.rowCount === 0) return "duplicate";
    await work(client, changedWallets);
    return "processed";
  });
  if (outcome === "processed") notifyBalanceChange([...changedWallets]);
  return outcome;
}
