/**
 * Holds: the relay's two-phase reservation of a request's worst-case cost. `placeHold` reserves against the
 * wallet's available balance, the API key's credit cap and the member's monthly allowance, all or nothing;
 * `settleHold` posts the actual cost and releases the rest; `voidHold` releases everything; `expireHolds` is the
 * sweeper for holds never resolved.
 *
 * Contract (both engines):
 * - each hold resolves at most once: a second settle or void is a no-op reported as `isDuplicate: true`
 *   (nothing moves; a duplicate settle reports charged 0 and loss 0) — except that the in-memory engine refuses a
 *   second settle of a single-use hold (`isSingleUse`, the relay's) as an unknown hold while it lives;
 * - settle charges trial credit first, then paid; `charged + loss = cost`;
 * - over-run (cost > hold): the wallet is charged up to what it has available, the rest is recorded as a loss
 *   (a debit of the `losses` system account) so the books balance and no wallet goes below zero;
 * - a settle after the hold expired still charges (as an over-run of a zero hold), so a request that outlives
 *   its hold is not served free; a void after expiry is a duplicate;
 * - a zero-cost settle resolves the hold and writes no ledger transaction.
 *
 * Engine: the in-memory hot path reserves against what THIS process knows, so it is right only while one process
 * serves a wallet. Several instances (REDIS_URL set, HOLDS_ENGINE=auto) use the durable engine, whose conditional
 * updates in PostgreSQL admit exactly what the wallet covers whichever instance asks (docs/architecture.md,
 * "Several instances"). Either way, a database that cannot be reached turns into a 503 (`unavailable`), never into
 * a request served without a hold.
 */
import "server-only";
import { env } from "../env";
import { toUnavailable } from "../errors";
import { expireDurableHolds, placeDurableHold, settleDurableHold, voidDurableHold } from "./durable-holds";
import type { Hold, HoldRequest, SettleInput, SettleResult } from "./hold-types";
import { expireMemoryHolds, placeMemoryHold, settleMemoryHold, voidMemoryHold } from "./hot-ledger";

export type { Hold, HoldRequest, SettleInput, SettleResult } from "./hold-types";

/** Which engine this process reserves holds with (fixed for the life of the process). */
export function holdsEngine(): "memory" | "durable" {
  const { HOLDS_ENGINE, REDIS_URL } = env();
  if (HOLDS_ENGINE !== "auto") return HOLDS_ENGINE;
  return REDIS_URL ? "durable" : "memory";
}

/** Reserve a request's worst-case cost. Throws AppError insufficient_quota | key_cap_exceeded | allowance_exceeded. */
export async function placeHold(request: HoldRequest): Promise<Hold> {
  const req = { ...request, ttlMs: request.ttlMs ?? env().HOLD_TTL_MS };
  return (holdsEngine() === "durable" ? placeDurableHold(req) : placeMemoryHold(req)).catch((error: unknown) => Promise.reject(toUnavailable(error)));
}

/** Post the actual cost of a held request and release the rest of the hold. */
export async function settleHold(hold: Hold, input: SettleInput): Promise<SettleResult> {
  return holdsEngine() === "durable" ? settleDurableHold(hold, input) : settleMemoryHold(hold, input);
}

/** Release a hold without charging anything (the request failed before any output). */
export async function voidHold(hold: Hold): Promise<{ isDuplicate: boolean }> {
  return holdsEngine() === "durable" ? voidDurableHold(hold) : voidMemoryHold(hold);
}

/** The sweeper: expire unresolved holds past their expiry and release what they reserved. */
export async function expireHolds(now: Date = new Date()): Promise<number> {
  return expireMemoryHolds(now) + (await expireDurableHolds(now));
}
