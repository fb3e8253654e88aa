/**
 * The ledger hot path: holds reserved in memory, settlements committed in small batches (group commit).
 * docs/architecture.md, "Ledger hot path", is the design; in short:
 *
 * - A process keeps a view of each active wallet (its committed row + what it reserved and queued), API key and
 *   allowance month. `placeHold` admits against the view synchronously: no database round trip once loaded.
 * - `settleHold` releases the reservation, queues the charge and resolves only after the batch holding it has
 *   COMMITTED: one database transaction per batch locks the wallets, recomputes every charge against the locked
 *   rows (never more than the row has available: an over-run beyond it is a loss), and in one statement writes a
 *   posting per settlement, one usage transaction per wallet and the wallet, key and allowance columns. "Settled"
 *   means durable.
 * - A lane's batch waits until it is full or its oldest settlement has waited LEDGER_SETTLE_WINDOW_MS (default
 *   20 ms; see schedule), so light traffic is batched too and the SQL write stays off the next request's path.
 *   The window changes when a settlement is acknowledged, never what: a crash inside it loses only settlements
 *   nobody was told were settled, and charged nothing for them (as a crash mid-commit does).
 * - Changes made elsewhere (CLI, webhooks, other instances) reach the views through NOTIFY switchyard_ledger
 *   (a statement trigger on ledger_accounts sends the committed rows with their versions, one line per wallet); a
 *   view only moves forward.
 * - Pending holds are not written anywhere: a crash drops them and nothing was charged. A commit is atomic, so
 *   `kill -9` at any point leaves the ledger consistent.
 */
import "server-only";
import { randomFillSync } from "node:crypto";
import type pg from "pg";
import { BIGINT_TYPES, pool, sql } from "../db";
import { numberArray, textArray } from "../db/array-param";
import { jsonParam } from "../db/json-param";
import { env } from "../env";
import { AppError } from "../errors";
import { logger } from "../log";
import { systemAccountId } from "./accounts";
import {
  DEFAULT_HOLD_TTL_MS,
  allowanceExceeded,
  insufficientBalance,
  isTransientDbError,
  keyCapExceeded,
  maxBigint,
  minBigint,
  splitCharge,
  utcMonth,
  validateHoldRequest,
  validateSettleInput,
  type Hold,
  type HoldRequest,
  type SettleInput,
  type SettleResult,
} from "./hold-types";
import { COMMIT_LANES, hotLedger, type CommitLane, type HotLedgerState, type LimitView, type MemHold, type SettlementItem, type WalletRow, type WalletView } from "./hot-ledger-state";
import { inRetriedTransaction, notifyBalanceChange, onBalanceChange } from "./ledger";
import { LEDGER_CHANNEL, isListening, subscribe } from "./ledger-listener";

/** Largest batch committed in one transaction. */
const MAX_BATCH = 512;
/** A lane stops waiting for more settlements once this many awaited ones are queued (schedule). */
const WINDOW_FULL = 16;
/** ...or this many in all, background ones included (SettleInput.isBackground). */
const BACKGROUND_FULL = 64;
/**
 * Resolved holds are remembered this long: a second settle or void within it is reported as a duplicate, a repeated
 * placement with the same idempotency key gets the same hold (after it, a new one: the relay's keys name one request
 * each and are never placed twice). It is a convenience, not the guard: a settlement's usage posting is keyed by its
 * hold id in PostgreSQL (migration 1020), so a hold is charged at most once whenever a second settle comes (after the
 * window, one in the hold's lifetime is refused as an unknown hold; one after its expiry is deduplicated by that
 * key). Each remembered hold costs ≈ 0.6 KB of heap: 10 s at 5,000 requests/s ≈ 30 MB (the 120 s before were
 * ≈ 370 MB). The relay's holds are single-use (HoldRequest.isSingleUse) and not remembered at all.
 */
const RESOLVED_GRACE_MS = 10_000;
/** Key and allowance views with nothing in flight are re-read after this long (changes by other instances). */
const LIMIT_REFRESH_MS = 5_000;
/** Views with nothing reserved are dropped after this long idle. */
const IDLE_EVICT_MS = 120_000;
const SWEEP_EVERY_MS = 1_000;

function state(): HotLedgerState {
  const s = hotLedger();
  if (!s.isSubscribed) {
    s.isSubscribed = true;
    subscribe(LEDGER_CHANNEL, { onMessage: onWalletNews, onReset: () => markAllStale(s) });
    // A movement this process posted outside the hot path (a top-up, an adjustment, a durable hold, a refund) is
    // committed before its notification can arrive: re-read those wallets before the next hold rather than decide on
    // the old balance meanwhile. The hot path's own batches apply their committed rows themselves (applyingOwnBatch).
    onBalanceChange((walletIds) => {
      if (applyingOwnBatch) return;
      for (const id of walletIds) {
        const view = s.wallets.get(id);
        if (view) view.isStale = true;
      }
    });
  }
  if (!s.sweeper) {
    s.sweeper = setInterval(() => sweep(s, Date.now()), SWEEP_EVERY_MS);
    s.sweeper.unref();
  }
  return s;
}

// ───────────────────────────── views ─────────────────────────────

function applyWalletRow(view: WalletView, row: WalletRow): void {
  if (row.version > view.base.version) view.base = row;
}

/** NOTIFY payload: one line per wallet changed by a statement, "<id> <version> <paid> <trial> <held> <frozen>". */
function onWalletNews(payload: string): void {
  const wallets = hotLedger().wallets;
  for (const line of payload.split("\n")) {
    const [id, version, paid, trial, held, frozen] = line.split(" ");
    const view = wallets.get(id);
    if (!view || frozen === undefined) continue;
    applyWalletRow(view, { version: BigInt(version), paid: BigInt(paid), trial: BigInt(trial), held: BigInt(held), frozen: BigInt(frozen) });
  }
}

function markAllStale(s: HotLedgerState): void {
  for (const view of s.wallets.values()) view.isStale = true;
  for (const view of s.keys.values()) view.isStale = true;
  for (const view of s.allowances.values()) view.isStale = true;
}

function walletAvailable(view: WalletView): bigint {
  const { paid, trial, held, frozen } = view.base;
  return paid + trial - held - frozen - view.reserved - view.inflight;
}

function limitUsed(view: LimitView): bigint {
  return view.base.spent + view.base.held + view.reserved + view.inflight;
}

async function loadWallet(view: WalletView): Promise<void> {
  const { rows } = await sql<WalletRow>(`select paid, trial, held, frozen, version from ledger_accounts where id = $1 and kind <> 'system'`, [view.id]);
  if (!rows[0]) throw new AppError("not_found", "No such wallet");
  applyWalletRow(view, rows[0]);
  view.isStale = !isListening();
}

/** The wallet's view when it can be used as it is (loaded and fresh): no promise on the request path. */
function readyWallet(s: HotLedgerState, id: string, now: number): WalletView | null {
  const view = s.wallets.get(id);
  if (!view || view.isStale) return null;
  view.touchedAt = now;
  return view;
}

/** Whether a key or allowance view must be (re)read: stale, or idle and not read for LIMIT_REFRESH_MS. */
function needsLimitLoad(view: LimitView, now: number): boolean {
  return view.isStale || (view.reserved === 0n && view.inflight === 0n && now - view.loadedAt > LIMIT_REFRESH_MS);
}

/** A key or allowance view when `limitView` would not reload it, else null. */
function readyLimit(map: Map<string, LimitView>, id: string, now: number): LimitView | null {
  const view = map.get(id);
  if (!view || needsLimitLoad(view, now)) return null;
  view.touchedAt = now;
  return view;
}

/** The wallet's view, loaded (or reloaded when stale) before it is used. */
async function walletView(s: HotLedgerState, id: string): Promise<WalletView> {
  let view = s.wallets.get(id);
  if (!view) {
    view = { id, base: { paid: 0n, trial: 0n, held: 0n, frozen: 0n, version: -1n }, reserved: 0n, inflight: 0n, isStale: true, loading: null, touchedAt: Date.now() };
    s.wallets.set(id, view);
  }
  view.touchedAt = Date.now();
  if (view.isStale) {
    const v = view;
    v.loading ??= loadWallet(v).finally(() => {
      v.loading = null;
    });
    try {
      await v.loading;
    } catch (error) {
      if (v.base.version < 0n && v.reserved === 0n && v.inflight === 0n) s.wallets.delete(id);
      throw error;
    }
  }
  return view;
}

async function limitView(map: Map<string, LimitView>, id: string, load: () => Promise<{ spent: bigint; held: bigint }>): Promise<LimitView> {
  let view = map.get(id);
  const now = Date.now();
  if (!view) {
    view = { base: { spent: 0n, held: 0n }, seq: 0, reserved: 0n, inflight: 0n, isStale: true, loading: null, loadedAt: 0, touchedAt: now };
    map.set(id, view);
  }
  view.touchedAt = now;
  if (needsLimitLoad(view, now)) {
    const v = view;
    v.loading ??= (async () => {
      const seq = v.seq;
      const base = await load();
      // a commit that landed meanwhile carries a newer state than this read
      if (v.seq === seq) {
        v.base = base;
        v.seq += 1;
      }
      v.loadedAt = Date.now();
      v.isStale = !isListening();
    })().finally(() => {
      v.loading = null;
    });
    try {
      await v.loading;
    } catch (error) {
      if (v.seq === 0 && v.reserved === 0n && v.inflight === 0n) map.delete(id);
      throw error;
    }
  }
  return view;
}

function keyView(s: HotLedgerState, keyId: string): Promise<LimitView> {
  return limitView(s.keys, keyId, async () => {
    const { rows } = await sql<{ spent: bigint; held: bigint }>(`select spent, held from api_keys where id = $1`, [keyId]);
    if (!rows[0]) throw new AppError("not_found", "No such API key");
    return rows[0];
  });
}

function allowanceId(membershipId: string, month: string): string {
  return `${membershipId}|${month}`;
}

function allowanceView(s: HotLedgerState, membershipId: string, month: string): Promise<LimitView> {
  return limitView(s.allowances, allowanceId(membershipId, month), async () => {
    const { rows } = await sql<{ spent: bigint; held: bigint }>(`select spent, held from allowance_usage where membership_id = $1 and month = $2`, [membershipId, month]);
    return rows[0] ?? { spent: 0n, held: 0n };
  });
}

// ───────────────────────────── holds ─────────────────────────────

type HoldViews = [WalletView, LimitView | null, LimitView | null];

/**
 * A hold's wallet, key and allowance views when all can be used as they are (loaded and fresh), else null: the
 * request path then creates no promise for them.
 */
function readyViews(s: HotLedgerState, walletId: string, apiKeyId: string | null, membershipId: string | null, month: string | null): HoldViews | null {
  const now = Date.now();
  const wallet = readyWallet(s, walletId, now);
  if (!wallet) return null;
  const key = apiKeyId ? readyLimit(s.keys, apiKeyId, now) : null;
  if (apiKeyId && !key) return null;
  const allowance = membershipId && month ? readyLimit(s.allowances, allowanceId(membershipId, month), now) : null;
  if (membershipId && month && !allowance) return null;
  return [wallet, key, allowance];
}

/** A hold's views, each loaded (or reloaded when stale) as `walletView` and `limitView` do. */
function loadViews(s: HotLedgerState, walletId: string, apiKeyId: string | null, membershipId: string | null, month: string | null): Promise<HoldViews> {
  return Promise.all([walletView(s, walletId), apiKeyId ? keyView(s, apiKeyId) : null, membershipId && month ? allowanceView(s, membershipId, month) : null]);
}

export async function placeMemoryHold(req: HoldRequest): Promise<Hold> {
  validateHoldRequest(req);
  const s = state();
  const { walletId, amount, idempotencyKey, apiKey, member, ttlMs = DEFAULT_HOLD_TTL_MS, isSingleUse = false } = req;
  const known = s.byIdempotencyKey.get(idempotencyKey);
  if (known) return sameRequest(known, walletId);
  const month = member ? utcMonth() : null;
  const apiKeyId = apiKey?.id ?? null;
  const membershipId = member?.membershipId ?? null;
  const [wallet, key, allowance] = readyViews(s, walletId, apiKeyId, membershipId, month) ?? (await loadViews(s, walletId, apiKeyId, membershipId, month));
  // From here to the end: synchronous, so the checks and the reservation are one atomic step.
  const raced = s.byIdempotencyKey.get(idempotencyKey);
  if (raced) return sameRequest(raced, walletId);
  const available = walletAvailable(wallet);
  if (available < amount) throw insufficientBalance(amount, available);
  if (key && apiKey && apiKey.creditCap > 0n && limitUsed(key) + amount > apiKey.creditCap) throw keyCapExceeded(amount, apiKey.creditCap, limitUsed(key));
  if (allowance && member && member.monthlyAllowance > 0n && limitUsed(allowance) + amount > member.monthlyAllowance) {
    throw allowanceExceeded(amount, member.monthlyAllowance, limitUsed(allowance));
  }
  wallet.reserved += amount;
  if (key) key.reserved += amount;
  if (allowance) allowance.reserved += amount;
  const hold: Hold = {
    id: timeOrderedUuid(),
    walletId,
    amount,
    apiKeyId: apiKey?.id ?? null,
    membershipId: member?.membershipId ?? null,
    allowanceMonth: month,
    expiresAt: new Date(Date.now() + ttlMs),
  };
  const mem: MemHold = { hold, idempotencyKey, status: "pending", isSingleUse };
  s.holds.set(hold.id, mem);
  s.pending.add(mem);
  s.byIdempotencyKey.set(idempotencyKey, mem);
  return hold;
}

/**
 * A UUID version 7 (RFC 9562: milliseconds since the epoch, then random bits), for hold ids (the primary key of the
 * usage postings) and usage transaction ids (primary key, and the entries' transaction index): time-ordered keys
 * are appended at the right edge of those indexes instead of landing on random pages of them. 48 bits of
 * milliseconds, the version digit 7, the variant bits 10, and 74 random bits from a pool refilled by randomFillSync;
 * the hex digits are written into one buffer (a third of the cost of formatting a randomUUID and slicing it).
 */
function timeOrderedUuid(): string {
  if (uuidRandomAt === UUID_RANDOM.length) {
    randomFillSync(UUID_RANDOM);
    uuidRandomAt = 0;
  }
  const r = UUID_RANDOM;
  const i = uuidRandomAt;
  uuidRandomAt += UUID_RANDOM_BYTES;
  const out = UUID_TEXT;
  let ms = Date.now();
  for (let p = 11; p >= 0; p--) {
    out[UUID_TIME_AT[p]] = HEX_DIGITS[ms % 16];
    ms = Math.floor(ms / 16);
  }
  // xxxxxxxx-xxxx-7Rrr-VRrr-rrrrrrrrrrrr: R four random bits, V the variant (binary 10) and two random bits
  out[15] = HEX_DIGITS[r[i] & 0x0f];
  out[16] = HEX_DIGITS[r[i + 1] >> 4];
  out[17] = HEX_DIGITS[r[i + 1] & 0x0f];
  out[19] = HEX_DIGITS[0x8 | ((r[i + 2] >> 4) & 0x3)];
  out[20] = HEX_DIGITS[r[i + 2] & 0x0f];
  out[21] = HEX_DIGITS[r[i + 3] >> 4];
  out[22] = HEX_DIGITS[r[i + 3] & 0x0f];
  for (let k = 4, at = 24; k < UUID_RANDOM_BYTES; k++, at += 2) {
    out[at] = HEX_DIGITS[r[i + k] >> 4];
    out[at + 1] = HEX_DIGITS[r[i + k] & 0x0f];
  }
  return out.toString("latin1", 0, 36);
}

const HEX_DIGITS = Buffer.from("0123456789abcdef", "latin1");
/** 10 bytes: the 74 random bits of a version 7 id come from them */
const UUID_RANDOM_BYTES = 10;
const UUID_RANDOM = Buffer.alloc(UUID_RANDOM_BYTES * 512);
let uuidRandomAt = UUID_RANDOM.length;
/** The id being written; the version digit (7) and the dashes never change. */
const UUID_TEXT = Buffer.from("00000000-0000-7000-8000-000000000000", "latin1");
/** Where the 12 hex digits of the millisecond timestamp go. */
const UUID_TIME_AT = [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12];

function sameRequest(known: MemHold, walletId: string): Hold {
  if (known.hold.walletId !== walletId) throw new AppError("conflict", "This idempotency key was used for another wallet");
  return known.hold;
}

/** Give back what a pending hold reserved (settle, void, expiry). */
function release(s: HotLedgerState, hold: Hold): void {
  const wallet = s.wallets.get(hold.walletId);
  if (wallet) wallet.reserved -= hold.amount;
  if (hold.apiKeyId) {
    const key = s.keys.get(hold.apiKeyId);
    if (key) key.reserved -= hold.amount;
  }
  if (hold.membershipId && hold.allowanceMonth) {
    const allowance = s.allowances.get(allowanceId(hold.membershipId, hold.allowanceMonth));
    if (allowance) allowance.reserved -= hold.amount;
  }
}

/**
 * Mark a hold resolved: remembered for RESOLVED_GRACE_MS, or forgotten at once when single-use (the relay's). Those
 * are most of the holds, and remembering each for 10 s kept rate × 10 s of them alive through the young generation
 * into the old one: forgetting them cut the relay's CPU per JSON request at 64 clients by 1–7.5% in four A/B runs
 * (docs/benchmarks.md, "Session 8").
 */
function resolve(s: HotLedgerState, mem: MemHold, status: "settled" | "voided" | "expired"): void {
  mem.status = status;
  s.pending.delete(mem);
  if (mem.isSingleUse) {
    s.holds.delete(mem.hold.id);
    if (s.byIdempotencyKey.get(mem.idempotencyKey) === mem) s.byIdempotencyKey.delete(mem.idempotencyKey);
    return;
  }
  s.resolvedOrder.push({ id: mem.hold.id, at: Date.now() });
}

export async function settleMemoryHold(hold: Hold, input: SettleInput): Promise<SettleResult> {
  validateSettleInput(input);
  const s = state();
  const known = s.holds.get(hold.id);
  if (known && (known.status === "settled" || known.status === "voided")) return { charged: 0n, loss: 0n, isDuplicate: true };
  // An unknown hold past its expiry was forgotten after expiring: it is charged like an expired one (at most once,
  // thanks to the usage posting's key). An unknown hold still in its lifetime was never ours.
  if (!known && hold.expiresAt.getTime() > Date.now()) throw new AppError("not_found", "Unknown hold: it was placed by another process or before a restart");
  const views =
    input.cost === 0n
      ? null
      : (readyViews(s, hold.walletId, hold.apiKeyId, hold.membershipId, hold.allowanceMonth) ??
        (await loadViews(s, hold.walletId, hold.apiKeyId, hold.membershipId, hold.allowanceMonth)));
  // From here to the enqueue: synchronous, so releasing the hold and counting its charge as in flight is one step
  // (no hold placed in between can take the money this settlement is about to charge).
  const mem = s.holds.get(hold.id);
  if (mem && (mem.status === "settled" || mem.status === "voided")) return { charged: 0n, loss: 0n, isDuplicate: true };
  let reserved = 0n;
  if (mem) {
    if (mem.status === "pending") {
      reserved = hold.amount;
      release(s, mem.hold);
    }
    resolve(s, mem, "settled");
  }
  if (!views) return { charged: 0n, loss: 0n, isDuplicate: false };
  const [wallet, key, allowance] = views;
  const expected = minBigint(input.cost, maxBigint(0n, walletAvailable(wallet)));
  wallet.inflight += expected;
  if (key) key.inflight += input.cost;
  if (allowance) allowance.inflight += input.cost;
  return new Promise<SettleResult>((resolvePromise, rejectPromise) => {
    enqueue(s, {
      hold,
      reserved,
      cost: input.cost,
      expected,
      requestId: input.requestId,
      memo: input.memo,
      metadata: input.metadata,
      isBackground: input.isBackground === true,
      resolve: resolvePromise,
      reject: rejectPromise,
    });
  });
}

export async function voidMemoryHold(hold: Hold): Promise<{ isDuplicate: boolean }> {
  const s = state();
  const mem = s.holds.get(hold.id);
  if (!mem || mem.status !== "pending") return { isDuplicate: true };
  release(s, mem.hold);
  resolve(s, mem, "voided");
  return { isDuplicate: false };
}

/** Expire this process's pending holds past their expiry. Returns how many expired. */
export function expireMemoryHolds(now: Date = new Date()): number {
  return sweep(state(), now.getTime());
}

function sweep(s: HotLedgerState, now: number): number {
  let expired = 0;
  for (const mem of s.pending) {
    if (mem.hold.expiresAt.getTime() <= now) {
      release(s, mem.hold);
      resolve(s, mem, "expired");
      expired += 1;
    }
  }
  // forget resolved holds after the grace period (expired ones once their expiry is well past too)
  const wallClock = Date.now();
  let i = 0;
  for (; i < s.resolvedOrder.length; i++) {
    const { id, at } = s.resolvedOrder[i];
    if (wallClock - at < RESOLVED_GRACE_MS) break;
    const mem = s.holds.get(id);
    if (mem && mem.status !== "pending") {
      s.holds.delete(id);
      if (s.byIdempotencyKey.get(mem.idempotencyKey) === mem) s.byIdempotencyKey.delete(mem.idempotencyKey);
    }
  }
  if (i > 0) s.resolvedOrder.splice(0, i);
  for (const [id, view] of s.wallets) if (view.reserved === 0n && view.inflight === 0n && !view.loading && wallClock - view.touchedAt > IDLE_EVICT_MS) s.wallets.delete(id);
  for (const map of [s.keys, s.allowances]) {
    for (const [id, view] of map) if (view.reserved === 0n && view.inflight === 0n && !view.loading && wallClock - view.touchedAt > IDLE_EVICT_MS) map.delete(id);
  }
  return expired;
}

// ───────────────────────────── group commit ─────────────────────────────

function laneOf(walletId: string): number {
  return Number.parseInt(walletId.slice(-2), 16) % COMMIT_LANES;
}

function enqueue(s: HotLedgerState, item: SettlementItem): void {
  const lane = s.lanes[laneOf(item.hold.walletId)];
  if (lane.queue.length === 0) lane.queuedSince = performance.now();
  lane.queue.push(item);
  // a batch being committed: the next one is scheduled when it ends
  if (!lane.flushing) schedule(s, lane);
}

/**
 * Commit the lane's queue once it is worth a transaction: when WINDOW_FULL settlements that callers await are queued
 * (or BACKGROUND_FULL in all), or when the oldest has waited LEDGER_SETTLE_WINDOW_MS. A commit costs PostgreSQL about
 * a millisecond of CPU whatever its size, and a settlement about 0.08 ms more (docs/benchmarks.md, "Session 6"), so
 * committing every few settlements as soon as the previous batch is durable (a commit takes about 2 ms of wall time
 * here, fsync included) spent more CPU on commits than on the settlements, on the cores the relay needs. The window
 * applies to every batch, not only an idle lane's first; a full queue (heavy traffic) never waits.
 * Two sizes of full: callers that wait for their settlement (each blocked until it is durable, as the ledger
 * benchmark's are) would wait out the window whenever fewer of them than a full batch share a lane, so 16 awaited
 * settlements are enough; the relay's settlements are background ones (its response has ended, nobody waits), and
 * 16 of them filled a batch before the window ended from 800 requests/s up: with 64 they wait it out (26 per commit
 * instead of 16 at the benchmark's 1,300 requests/s, 50 instead of 16 at 2,500), and PostgreSQL spent a fifth less
 * CPU per request ("Session 7" in the benchmarks).
 */
function schedule(s: HotLedgerState, lane: CommitLane): void {
  const windowMs = env().LEDGER_SETTLE_WINDOW_MS;
  const waited = performance.now() - lane.queuedSince;
  const isFull = lane.queue.length >= BACKGROUND_FULL || hasAwaited(lane.queue, WINDOW_FULL);
  if (windowMs > 0 && !isFull && waited < windowMs) {
    lane.window ??= setTimeout(() => {
      lane.window = null;
      flushLane(s, lane);
    }, windowMs - waited);
    return;
  }
  if (lane.window) clearTimeout(lane.window);
  lane.window = null;
  flushLane(s, lane);
}

/** Whether at least `count` queued settlements are awaited by their callers (a queue shorter than BACKGROUND_FULL). */
function hasAwaited(queue: SettlementItem[], count: number): boolean {
  let awaited = 0;
  for (const item of queue) if (!item.isBackground && ++awaited >= count) return true;
  return false;
}

function flushLane(s: HotLedgerState, lane: CommitLane): void {
  lane.flushing = commitWithFallback(s, lane.queue.splice(0, MAX_BATCH)).finally(() => {
    lane.flushing = null;
    if (lane.queue.length > 0) schedule(s, lane);
  });
}

type Outcome = { charged: bigint; loss: bigint; isDuplicate: boolean };

async function commitWithFallback(s: HotLedgerState, batch: SettlementItem[]): Promise<void> {
  try {
    finish(s, batch, await commitBatch(s, batch));
  } catch (error) {
    if (batch.length === 1) {
      fail(s, batch[0], error);
      return;
    }
    // isolate what failed: commit one by one
    for (const item of batch) {
      try {
        finish(s, [item], await commitBatch(s, [item]));
      } catch (itemError) {
        fail(s, item, itemError);
      }
    }
  }
}

function fail(s: HotLedgerState, item: SettlementItem, error: unknown): void {
  logger().error({ holdId: item.hold.id, err: error instanceof Error ? error.message : String(error) }, "settlement failed; nothing was charged");
  dropInflight(s, item);
  item.reject(error instanceof AppError ? error : new AppError("unavailable", "The ledger could not record this settlement"));
}

function dropInflight(s: HotLedgerState, item: SettlementItem): void {
  const wallet = s.wallets.get(item.hold.walletId);
  if (wallet) wallet.inflight -= item.expected;
  if (item.hold.apiKeyId) {
    const key = s.keys.get(item.hold.apiKeyId);
    if (key) key.inflight -= item.cost;
  }
  if (item.hold.membershipId && item.hold.allowanceMonth) {
    const allowance = s.allowances.get(allowanceId(item.hold.membershipId, item.hold.allowanceMonth));
    if (allowance) allowance.inflight -= item.cost;
  }
}

type Committed = {
  outcomes: Outcome[];
  wallets: (WalletRow & { id: string })[];
  keys: { id: string; spent: bigint; held: bigint }[];
  allowances: { membership_id: string; month: string; spent: bigint; held: bigint }[];
};

/** Apply a committed batch to the views and resolve its callers. Synchronous. */
function finish(s: HotLedgerState, batch: SettlementItem[], committed: Committed): void {
  for (const item of batch) dropInflight(s, item);
  for (const row of committed.wallets) {
    const view = s.wallets.get(row.id);
    if (view) applyWalletRow(view, row);
  }
  for (const row of committed.keys) {
    const view = s.keys.get(row.id);
    if (view) {
      view.base = { spent: row.spent, held: row.held };
      view.seq += 1;
      view.loadedAt = Date.now();
    }
  }
  for (const row of committed.allowances) {
    const view = s.allowances.get(allowanceId(row.membership_id, row.month));
    if (view) {
      view.base = { spent: row.spent, held: row.held };
      view.seq += 1;
      view.loadedAt = Date.now();
    }
  }
  batch.forEach((item, i) => item.resolve(committed.outcomes[i]));
  applyingOwnBatch = true;
  try {
    notifyBalanceChange([...new Set(committed.wallets.map((w) => w.id))]);
  } finally {
    applyingOwnBatch = false;
  }
}

/** True while this engine announces a batch whose committed rows it has already applied to its views. */
let applyingOwnBatch = false;

const STALE_VERSION = "stale-wallet-version";

function isStaleVersion(error: unknown): boolean {
  return error instanceof Error && error.message.includes(STALE_VERSION);
}

/** The batch's wallets as this process last saw them committed, or null when one is not loaded. */
function viewRows(s: HotLedgerState, batch: SettlementItem[]): (WalletRow & { id: string })[] | null {
  const rows: (WalletRow & { id: string })[] = [];
  for (const id of new Set(batch.map((i) => i.hold.walletId))) {
    const view = s.wallets.get(id);
    if (!view || view.base.version < 0n) return null;
    rows.push({ id, ...view.base });
  }
  return rows;
}

/**
 * Commit one batch. Fast path: compute the charges against the wallet rows as this process last saw them
 * committed and write everything in ONE statement (one round trip, its own transaction) that refuses to apply
 * unless every wallet is still at that version. When another writer got there first (or the view is not loaded),
 * the locking path: BEGIN, lock the wallets, compute against the locked rows, the same statement, COMMIT.
 */
async function commitBatch(s: HotLedgerState, batch: SettlementItem[]): Promise<Committed> {
  const [revenueId, lossesId] = await Promise.all([systemAccountId("usage_revenue"), systemAccountId("losses")]);
  const seen = viewRows(s, batch);
  if (seen) {
    try {
      return await writeBatch(pool(), batch, seen, revenueId, lossesId);
    } catch (error) {
      if (!isStaleVersion(error) && !isTransientDbError(error)) throw error;
    }
  }
  // a deadlock, a serialization failure or a lost connection rolled everything back: the postings' keys make a retry safe
  return inRetriedTransaction(async (client) => {
    const walletIds = [...new Set(batch.map((i) => i.hold.walletId))].sort();
    const locked = await sql<WalletRow & { id: string }>(
      `select id, paid, trial, held, frozen, version from ledger_accounts where id = any($1::uuid[]) and kind <> 'system' order by id for update`,
      [walletIds],
      client,
    );
    return writeBatch(client, batch, locked.rows, revenueId, lossesId);
  });
}

/**
 * The batch statement of `writeBatch`. $1–$12 the settlements, one array per column (lib/db/array-param.ts: PostgreSQL
 * unpacks arrays with less work than json; amounts travel as decimal text), $13 the usage transaction of each wallet
 * (json), $14 the wallets with the version the charges were computed against (json), $15 the usage revenue and $16 the
 * losses account, $17 how many settlements $1–$12 hold.
 */
const WRITE_BATCH_SQL = `with posted as (
       -- a hold already posted (the same hold settled by another process) is skipped: that settlement is a duplicate
       insert into usage_postings (hold_id, transaction_id, request_id, api_key_id, membership_id, allowance_month, cost, charged, from_trial, loss, memo, metadata)
       select hold, tx, request_id, key_id, membership_id, month, cost, charged, from_trial, loss, memo, metadata
         from unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::text[], $7::bigint[], $8::bigint[],
                     $9::bigint[], $10::bigint[], $11::text[], $12::jsonb[])
           as p(hold, tx, request_id, key_id, membership_id, month, cost, charged, from_trial, loss, memo, metadata)
       on conflict (hold_id) do nothing
       returning hold_id, transaction_id, api_key_id, membership_id, allowance_month, cost, charged, from_trial, loss, memo
     ), sums as materialized (
       -- one usage transaction per wallet, of what its inserted postings add up to
       select p.transaction_id as id, w.wallet, count(*)::int as settlements, sum(p.cost)::bigint as cost,
              sum(p.charged - p.from_trial)::bigint as paid, sum(p.from_trial)::bigint as trial, sum(p.loss)::bigint as loss,
              case when min(p.memo) = max(p.memo) then min(p.memo) end as memo
         from posted p join json_to_recordset($13::json) as w(id uuid, wallet uuid) on w.id = p.transaction_id
        group by p.transaction_id, w.wallet
     ), tx as (
       insert into ledger_transactions (id, kind, idempotency_key, memo, metadata)
       select id, 'usage', 'usage-batch:' || id, memo, jsonb_build_object('settlements', settlements) from sums
     ), entries as (
       -- usageLegs (hold-types.ts), summed: revenue the costs, the wallet what it paid by bucket, losses the rest
       insert into ledger_entries (transaction_id, account_id, bucket, amount)
       select s.id, l.account, l.bucket, l.amount
         from sums s
        cross join lateral (values ($15::uuid, 'system', s.cost), (s.wallet, 'trial', -s.trial), (s.wallet, 'paid', -s.paid), ($16::uuid, 'system', -s.loss))
              as l(account, bucket, amount)
        where l.amount <> 0
     ), seen as materialized (
       select id, version from json_to_recordset($14::json) as w(id uuid, version bigint)
     ), wallets as (
       -- setting the version here spares the row trigger that bumps it (migration 0901)
       update ledger_accounts a set paid = a.paid - coalesce(d.paid, 0), trial = a.trial - coalesce(d.trial, 0), version = a.version + 1
         from (select w.id, w.version, s.paid, s.trial
                 from seen w
                 left join sums s on s.wallet = w.id) d
        -- the array condition keeps the wallets found by index: json_to_recordset's estimate (100 rows) would
        -- otherwise make a scan of the whole table look cheaper
        where a.id = d.id and a.version = d.version and a.id = any(array(select id from seen))
       returning a.id, a.paid, a.trial, a.held, a.frozen, a.version
     ), guard as (
       -- not every wallet was at the version the charges were computed against: fail the whole statement
       select case when count(*) = (select count(*) from seen) then null
                   else ('${STALE_VERSION} ' || count(*)::text)::int end as failed
         from wallets
     ), keys as (
       update api_keys k set spent = k.spent + d.cost
         from (select api_key_id, sum(cost)::bigint as cost from posted where api_key_id is not null group by api_key_id) d
        -- the array condition lets the planner find the keys by index instead of scanning the whole table
        where k.id = d.api_key_id and k.id = any(array(select api_key_id from posted where api_key_id is not null))
       returning k.id, k.spent, k.held
     ), allowances as (
       insert into allowance_usage (membership_id, month, spent)
       select membership_id, allowance_month, sum(cost)::bigint from posted
        where membership_id is not null and allowance_month is not null group by membership_id, allowance_month
       on conflict (membership_id, month) do update set spent = allowance_usage.spent + excluded.spent
       returning membership_id, month, spent, held
     )
     -- the posted holds only when some were not (a duplicate); the last row says how many were, and reading the
     -- guard's column makes it run
     select 'hold' as kind, hold_id::text as id, null::text as month, null::bigint as paid, null::bigint as trial, null::bigint as held,
            null::bigint as frozen, null::bigint as version, null::bigint as spent
       from posted where (select count(*) from posted) < $17::int
     union all select 'wallet', id::text, null, paid, trial, held, frozen, version, null from wallets
     union all select 'key', id::text, null, null, null, held, null, null, spent from keys
     union all select 'allowance', membership_id::text, month, null, null, held, null, null, spent from allowances
     union all select 'posted', (select count(*) from posted)::text, null, null, null, null, null, null, null from guard where failed is null`;

type WrittenRow = { kind: string; id: string; month: string | null; paid: bigint | null; trial: bigint | null; held: bigint | null; frozen: bigint | null; version: bigint | null; spent: bigint | null };

/**
 * Write one batch: compute each charge against `wallets` (trial first, never more than the row has free: the
 * rest is a loss), then ONE statement inserts a posting per settlement (a hold already posted elsewhere is skipped:
 * that settlement is a duplicate), one usage transaction per wallet with entries summing what its inserted postings
 * charged, moves the wallet columns by exactly those sums — only if every wallet is still at the version the charges
 * were computed against, else the whole statement fails — and adds the costs to the key and allowance columns.
 */
async function writeBatch(client: pg.Pool | pg.PoolClient, batch: SettlementItem[], wallets: (WalletRow & { id: string })[], revenueId: string, lossesId: string): Promise<Committed> {
  const running = new Map(wallets.map((r) => [r.id, { trial: r.trial, free: r.paid + r.trial - r.held - r.frozen, tx: timeOrderedUuid() }]));

  const outcomes: Outcome[] = [];
  const postings: { hold: string; tx: string; item: SettlementItem; charged: bigint; fromTrial: bigint; loss: bigint }[] = [];

  const inBatch = new Set<string>();
  for (const item of batch) {
    const run = running.get(item.hold.walletId);
    if (!run) throw new AppError("not_found", "No such wallet");
    if (inBatch.has(item.hold.id)) {
      // the same forgotten hold settled twice in one batch: the second is a duplicate
      outcomes.push({ charged: 0n, loss: 0n, isDuplicate: true });
      continue;
    }
    inBatch.add(item.hold.id);
    const charged = minBigint(item.expected, maxBigint(0n, run.free));
    const loss = item.cost - charged;
    const { fromTrial } = splitCharge(charged, run.trial);
    run.free -= charged;
    run.trial -= fromTrial;
    outcomes.push({ charged, loss, isDuplicate: false });
    postings.push({ hold: item.hold.id, tx: run.tx, item, charged, fromTrial, loss });
  }

  // a named statement: parsed and planned once per connection instead of once per batch
  const written = await client.query<WrittenRow>({
    name: "hot-ledger-write-batch",
    text: WRITE_BATCH_SQL,
    types: BIGINT_TYPES,
    values: [
      textArray(postings.map((p) => p.hold)),
      textArray(postings.map((p) => p.tx)),
      textArray(postings.map((p) => p.item.requestId)),
      textArray(postings.map((p) => p.item.hold.apiKeyId)),
      textArray(postings.map((p) => p.item.hold.membershipId)),
      textArray(postings.map((p) => p.item.hold.allowanceMonth)),
      numberArray(postings.map((p) => p.item.cost)),
      numberArray(postings.map((p) => p.charged)),
      numberArray(postings.map((p) => p.fromTrial)),
      numberArray(postings.map((p) => p.loss)),
      textArray(postings.map((p) => p.item.memo)),
      textArray(postings.map((p) => (p.item.metadata ? jsonParam(p.item.metadata) : null))),
      jsonParam([...running].map(([wallet, run]) => ({ id: run.tx, wallet }))),
      jsonParam(wallets.map((w) => ({ id: w.id, version: w.version.toString() }))),
      revenueId,
      lossesId,
      postings.length,
    ],
  });
  const committed: Committed = { outcomes, wallets: [], keys: [], allowances: [] };
  const posted = new Set<string>();
  let postedCount = -1;
  for (const row of written.rows) {
    if (row.kind === "hold") posted.add(row.id);
    else if (row.kind === "wallet") {
      committed.wallets.push({ id: row.id, paid: row.paid ?? 0n, trial: row.trial ?? 0n, held: row.held ?? 0n, frozen: row.frozen ?? 0n, version: row.version ?? 0n });
    } else if (row.kind === "key") committed.keys.push({ id: row.id, spent: row.spent ?? 0n, held: row.held ?? 0n });
    else if (row.kind === "allowance") committed.allowances.push({ membership_id: row.id, month: row.month ?? "", spent: row.spent ?? 0n, held: row.held ?? 0n });
    else if (row.kind === "posted") postedCount = Number(row.id);
  }
  // A hold already posted (the same hold settled by another process) wrote nothing: a duplicate. The charges computed
  // after it in this batch were computed as if it had been charged, so they can only be lower, never more than the
  // wallet has. The statement lists the posted holds only when some were not.
  if (postedCount !== postings.length) {
    batch.forEach((item, i) => {
      if (!outcomes[i].isDuplicate && !posted.has(item.hold.id)) outcomes[i] = { charged: 0n, loss: 0n, isDuplicate: true };
    });
  }
  return committed;
}
