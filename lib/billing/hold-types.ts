/**
 * The hold contract shared by both hold engines (the in-memory hot path in holds.ts and the durable reference in
 * durable-holds.ts): request and hold shapes, input validation, the trial-first charge split and the refusal
 * messages. Pure functions; no database.
 */
import { AppError, isSocketGone } from "../errors";
import { formatUsd } from "../money";

export const DEFAULT_HOLD_TTL_MS = 15 * 60_000;

/** A reservation request: the worst-case cost of one relay request against a wallet and its limits. */
export type HoldRequest = {
  /** ledger account id of the wallet (user or org) */
  walletId: string;
  /** worst-case cost, micro-units (≥ 0) */
  amount: bigint;
  /** e.g. `req:${requestId}`: the same key returns the same hold and reserves once */
  idempotencyKey: string;
  /** creditCap 0 = unlimited */
  apiKey?: { id: string; creditCap: bigint };
  /** monthlyAllowance 0 = no cap; the month is the current UTC month */
  member?: { membershipId: string; monthlyAllowance: bigint };
  /** default 15 minutes; an unsettled hold expires after this */
  ttlMs?: number;
  /**
   * The caller resolves the hold once and never places its idempotency key again (the relay: one hold per request
   * id). The in-memory engine then forgets it as soon as it is settled, voided or expired, instead of remembering it
   * for 10 s to report a repeat as a duplicate: a repeat settle is refused as an unknown hold while the hold lives,
   * and deduplicated by its usage posting key after. Still charged at most once; the durable engine ignores the flag.
   */
  isSingleUse?: boolean;
};

export type Hold = {
  id: string;
  walletId: string;
  amount: bigint;
  apiKeyId: string | null;
  membershipId: string | null;
  allowanceMonth: string | null;
  expiresAt: Date;
};

export type SettleInput = {
  cost: bigint;
  requestId: string;
  memo?: string;
  metadata?: Record<string, unknown>;
  /**
   * Nobody is held up until this charge is durable (the relay settles after its response has ended): the in-memory
   * engine may keep it for a fuller batch, never longer than the settle window. Without it a settlement is assumed
   * to be awaited, and a lane commits as soon as WINDOW_FULL awaited ones are queued.
   */
  isBackground?: boolean;
};
export type SettleResult = { charged: bigint; loss: bigint; isDuplicate: boolean };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** YYYY-MM of a date in UTC (the allowance month); without a date, of now. */
export function utcMonth(at?: Date): string {
  if (at) return at.toISOString().slice(0, 7);
  // every member's hold asks for the current month: formatted once per month, not once per request
  const now = Date.now();
  if (!currentMonth || now < currentMonth.from || now >= currentMonth.until) {
    const today = new Date(now);
    const year = today.getUTCFullYear();
    const month = today.getUTCMonth();
    currentMonth = { from: Date.UTC(year, month, 1), until: Date.UTC(year, month + 1, 1), text: today.toISOString().slice(0, 7) };
  }
  return currentMonth.text;
}

let currentMonth: { from: number; until: number; text: string } | null = null;

/** Refuses bad input with a clear AppError before anything changes. */
export function validateHoldRequest(req: HoldRequest): void {
  if (typeof req.amount !== "bigint" || req.amount < 0n) throw new AppError("bad_request", "A hold amount must be a non-negative bigint of micro-units", { param: "amount" });
  if (!UUID.test(req.walletId)) throw new AppError("bad_request", "A hold needs a wallet id", { param: "walletId" });
  if (!req.idempotencyKey || req.idempotencyKey.length > 200) throw new AppError("bad_request", "A hold needs an idempotency key (1–200 characters)", { param: "idempotencyKey" });
  if (req.apiKey && (!UUID.test(req.apiKey.id) || typeof req.apiKey.creditCap !== "bigint" || req.apiKey.creditCap < 0n)) {
    throw new AppError("bad_request", "A hold's API key needs an id and a non-negative credit cap", { param: "apiKey" });
  }
  if (req.member && (!UUID.test(req.member.membershipId) || typeof req.member.monthlyAllowance !== "bigint" || req.member.monthlyAllowance < 0n)) {
    throw new AppError("bad_request", "A hold's member needs a membership id and a non-negative allowance", { param: "member" });
  }
  if (req.ttlMs !== undefined && (!Number.isInteger(req.ttlMs) || req.ttlMs <= 0)) throw new AppError("bad_request", "A hold's ttlMs must be a positive integer", { param: "ttlMs" });
}

export function validateSettleInput({ cost, requestId }: SettleInput): void {
  if (typeof cost !== "bigint" || cost < 0n) throw new AppError("bad_request", "A settlement cost must be a non-negative bigint of micro-units", { param: "cost" });
  if (!requestId) throw new AppError("bad_request", "A settlement needs a request id", { param: "requestId" });
}

export function insufficientBalance(amount: bigint, available: bigint): AppError {
  const shown = available < 0n ? 0n : available;
  return new AppError("insufficient_quota", `Insufficient balance: this request may cost up to ${formatUsd(amount)} and the balance available is ${formatUsd(shown)}. Top up to continue.`);
}

export function keyCapExceeded(amount: bigint, cap: bigint, used: bigint): AppError {
  return new AppError("key_cap_exceeded", `This API key's credit cap of ${formatUsd(cap)} would be exceeded: ${formatUsd(used)} spent or reserved, this request may cost up to ${formatUsd(amount)}.`);
}

export function allowanceExceeded(amount: bigint, allowance: bigint, used: bigint): AppError {
  return new AppError("allowance_exceeded", `Your monthly allowance of ${formatUsd(allowance)} in this organization would be exceeded: ${formatUsd(used)} used or reserved this month, this request may cost up to ${formatUsd(amount)}.`);
}

/** How a charge splits over the buckets: trial credit is spent first, then paid. */
export function splitCharge(charge: bigint, trial: bigint): { fromTrial: bigint; fromPaid: bigint } {
  const fromTrial = trial <= 0n ? 0n : trial < charge ? trial : charge;
  return { fromTrial, fromPaid: charge - fromTrial };
}

export function minBigint(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function maxBigint(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/**
 * A database failure after which the work was rolled back and may be tried again: a deadlock, a serialization
 * failure, a lost or terminated connection. (A connection lost during COMMIT may have committed: only work that is
 * idempotent — a settlement, keyed by its usage posting or locked by its hold row — may be retried on it.)
 */
export function isTransientDbError(error: unknown): boolean {
  const code = typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : "";
  if (code === "40P01" || code === "40001" || code === "57P01" || code === "57P02" || code === "57P03" || code.startsWith("08")) return true;
  if (code === "ECONNRESET" || code === "EPIPE" || code === "ECONNREFUSED" || isSocketGone(error)) return true;
  return error instanceof Error && /Connection terminated|connection error|Client was closed/i.test(error.message);
}

/** The idempotency key of a durable hold's usage transaction (the guard that charges a hold at most once, on either path, is its usage posting's primary key). */
export function usageKey(holdId: string): string {
  return `usage:${holdId}`;
}

/**
 * The legs of a usage settlement: the wallet pays `charged` (trial first, then paid), usage revenue is credited the
 * full cost, and whatever the wallet could not pay (an over-run) is debited to the losses system account.
 */
export function usageLegs({
  walletId,
  fromTrial,
  fromPaid,
  cost,
  loss,
  revenueId,
  lossesId,
}: {
  walletId: string;
  fromTrial: bigint;
  fromPaid: bigint;
  cost: bigint;
  loss: bigint;
  revenueId: string;
  lossesId: string;
}): { accountId: string; bucket: "paid" | "trial" | "system"; amount: bigint }[] {
  const legs: { accountId: string; bucket: "paid" | "trial" | "system"; amount: bigint }[] = [{ accountId: revenueId, bucket: "system", amount: cost }];
  if (fromTrial > 0n) legs.push({ accountId: walletId, bucket: "trial", amount: -fromTrial });
  if (fromPaid > 0n) legs.push({ accountId: walletId, bucket: "paid", amount: -fromPaid });
  if (loss > 0n) legs.push({ accountId: lossesId, bucket: "system", amount: -loss });
  return legs;
}
