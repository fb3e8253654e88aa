/**
 * Holds: the relay's two-phase reservation of a request's worst-case cost. `placeHold` reserves against the
 * wallet's available balance, the API key's credit cap and the member's monthly allowance, all or nothing;
 * `settleHold` posts the actual cost and releases the rest; `voidHold` releases everything; `expireHolds` is the
 * sweeper for holds never resolved.
 *
 * Contract (both engines):
 * - each hold resolves at most once: a second settle or void is a no-op reported as `isDuplicate: true`
 *   (nothing moves; a duplicate settle reports charged 0 and loss 0);
 * - settle charges trial credit first, then paid; `charged + loss = cost`;
 * - over-run (cost > hold): the wallet is charged up to what it has available, the rest is recorded as a loss
 *   (a debit of the `losses` system account) so the books balance and no wallet goes below zero;
 * - a settle after the hold expired still charges (as an over-run of a zero hold), so a request that outlives
 *   its hold is not served free; a void after expiry is a duplicate;
 * - a zero-cost settle resolves the hold and writes no ledger transaction.
 */
import "server-only";
import { expireDurableHolds } from "./durable-holds";
import type { Hold, HoldRequest, SettleInput, SettleResult } from "./hold-types";
import { expireMemoryHolds, placeMemoryHold, settleMemoryHold, voidMemoryHold } from "./hot-ledger";

export type { Hold, HoldRequest, SettleInput, SettleResult } from "./hold-types";

/** Reserve a request's worst-case cost. Throws AppError insufficient_quota | key_cap_exceeded | allowance_exceeded. */
export async function placeHold(req: HoldRequest): Promise<Hold> {
  return placeMemoryHold(req);
}

/** Post the actual cost of a held request and release the rest of the hold. */
export async function settleHold(hold: Hold, input: SettleInput): Promise<SettleResult> {
  return settleMemoryHold(hold, input);
}

/** Release a hold without charging anything (the request failed before any output). */
export async function voidHold(hold: Hold): Promise<{ isDuplicate: boolean }> {
  return voidMemoryHold(hold);
}

/** The sweeper: expire unresolved holds past their expiry and release what they reserved. */
export async function expireHolds(now: Date = new Date()): Promise<number> {
  return expireMemoryHolds(now) + (await expireDurableHolds(now));
}
