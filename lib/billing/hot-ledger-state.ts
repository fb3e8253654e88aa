/**
 * The in-memory state of the ledger hot path (see hot-ledger.ts), one per process (lib/singleton): the views of
 * wallets, API keys and allowance months that holds are reserved against, the pending holds, and the queue of
 * settlements waiting for their group commit. No database code here, so any ledger writer can ask what this
 * process has reserved without an import cycle.
 */
import { singleton } from "../singleton";
import type { Hold, SettleResult } from "./hold-types";

/** A wallet's last committed row (ordered by `version`, bumped by a trigger on every update). */
export type WalletRow = { paid: bigint; trial: bigint; held: bigint; frozen: bigint; version: bigint };

export type WalletView = {
  id: string;
  base: WalletRow;
  /** sum of this process's pending in-memory holds on the wallet */
  reserved: bigint;
  /** charges queued or being committed, not yet in `base` */
  inflight: bigint;
  /** must be reloaded before it admits a hold (LISTEN was (re)connected: notifications may have been missed) */
  isStale: boolean;
  loading: Promise<void> | null;
  touchedAt: number;
};

/** An API key's credit use or a member's allowance month: spent and durable held from the database, plus ours. */
export type LimitView = {
  base: { spent: bigint; held: bigint };
  /** bumped whenever `base` is replaced, so a reload that raced a commit is discarded */
  seq: number;
  reserved: bigint;
  inflight: bigint;
  isStale: boolean;
  loading: Promise<void> | null;
  loadedAt: number;
  touchedAt: number;
};

export type HoldStatus = "pending" | "settled" | "voided" | "expired";

export type MemHold = { hold: Hold; idempotencyKey: string; status: HoldStatus; isSingleUse: boolean };

export type SettlementItem = {
  hold: Hold;
  /** what the hold still reserved when it was settled (0 after expiry) */
  reserved: bigint;
  cost: bigint;
  /** what the in-memory view expected to charge (≤ cost); the commit charges at most this */
  expected: bigint;
  requestId: string;
  memo: string | undefined;
  metadata: Record<string, unknown> | undefined;
  /** SettleInput.isBackground: may wait for a fuller batch */
  isBackground: boolean;
  resolve: (result: SettleResult) => void;
  reject: (error: unknown) => void;
};

/** Parallel group-commit lanes: a wallet (with its keys and allowances) always commits in the same lane. */
export const COMMIT_LANES = 2;

export type CommitLane = {
  queue: SettlementItem[];
  /** the batch being committed (whatever queues meanwhile goes in the next one) */
  flushing: Promise<void> | null;
  /** the settle window: set while the queue waits for company (its oldest settlement waits at most the window) */
  window: NodeJS.Timeout | null;
  /** when the oldest queued settlement was queued (performance.now()) */
  queuedSince: number;
};

export type HotLedgerState = {
  wallets: Map<string, WalletView>;
  keys: Map<string, LimitView>;
  /** by `${membershipId}|${month}` */
  allowances: Map<string, LimitView>;
  holds: Map<string, MemHold>;
  /** the holds still pending (what the expiry sweep looks at) */
  pending: Set<MemHold>;
  byIdempotencyKey: Map<string, MemHold>;
  /** resolved holds in resolution order, forgotten after a grace period */
  resolvedOrder: { id: string; at: number }[];
  /** settlements waiting for their group commit, in lanes by wallet (lanes commit in parallel, never share a row) */
  lanes: CommitLane[];
  sweeper: NodeJS.Timeout | null;
  isSubscribed: boolean;
};

export function hotLedger(): HotLedgerState {
  return singleton<HotLedgerState>("billing.hot-ledger", () => ({
    wallets: new Map(),
    keys: new Map(),
    allowances: new Map(),
    holds: new Map(),
    pending: new Set(),
    byIdempotencyKey: new Map(),
    resolvedOrder: [],
    lanes: Array.from({ length: COMMIT_LANES }, () => ({ queue: [], flushing: null, window: null, queuedSince: 0 })),
    sweeper: null,
    isSubscribed: false,
  }));
}

/**
 * What this process has reserved on a wallet in memory (pending holds + settlements not yet committed). A writer
 * that debits a wallet outside the hot path (refund, negative adjustment, freeze) subtracts it from the database's
 * available balance, so it cannot take money a request in flight here is counting on.
 */
export function reservedInMemory(walletId: string): bigint {
  const view = hotLedger().wallets.get(walletId);
  return view ? view.reserved + view.inflight : 0n;
}
