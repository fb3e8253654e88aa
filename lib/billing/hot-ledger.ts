/**
 * The ledger hot path: holds reserved in memory, settlements committed in small batches (group commit).
 * docs/architecture.md, "Ledger hot path", is the design; in short:
 *
 * - A process keeps a view of each active wallet (its committed row + what it reserved and queued), API key and
 *   allowance month. `placeHold` admits against the view synchronously: no database round trip once loaded.
 * - `settleHold` releases the reservation, queues the charge and resolves only after the batch holding it has
 *   COMMITTED: one database transaction per batch locks the wallets, recomputes every charge against the locked
 *   rows (never more than the row has available: an over-run beyond it is a loss), and writes transactions,
 *   entries, wallet, key and allowance columns with a handful of statements. "Settled" means durable.
 * - Changes made elsewhere (CLI, webhooks, other instances) reach the views through NOTIFY switchyard_ledger
 *   (a trigger on ledger_accounts sends each committed row with its version); a view only moves forward.
 * - Pending holds are not written anywhere: a crash drops them and nothing was charged. A commit is atomic, so
 *   `kill -9` at any point leaves the ledger consistent.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { pool, sql } from "../db";
import { AppError } from "../errors";
import { logger } from "../log";
import { systemAccountId } from "./accounts";
import {
  DEFAULT_HOLD_TTL_MS,
  allowanceExceeded,
  insufficientBalance,
  keyCapExceeded,
  maxBigint,
  minBigint,
  splitCharge,
  usageKey,
  usageLegs,
  utcMonth,
  validateHoldRequest,
  validateSettleInput,
  type Hold,
  type HoldRequest,
  type SettleInput,
  type SettleResult,
} from "./hold-types";
import { hotLedger, type HotLedgerState, type LimitView, type MemHold, type SettlementItem, type WalletRow, type WalletView } from "./hot-ledger-state";
import { notifyBalanceChange } from "./ledger";
import { LEDGER_CHANNEL, isListening, subscribe } from "./ledger-listener";

/** Largest batch committed in one transaction. */
const MAX_BATCH = 512;
/** Resolved holds are remembered this long (a second settle/void within it is reported as a duplicate). */
const RESOLVED_GRACE_MS = 120_000;
/** Key and allowance views with nothing in flight are re-read after this long (changes by other instances). */
const LIMIT_REFRESH_MS = 5_000;
/** Views with nothing reserved are dropped after this long idle. */
const IDLE_EVICT_MS = 120_000;
const SWEEP_EVERY_MS = 1_000;
const RETRYABLE = new Set(["40P01", "40001"]);

function state(): HotLedgerState {
  const s = hotLedger();
  if (!s.isSubscribed) {
    s.isSubscribed = true;
    subscribe(LEDGER_CHANNEL, { onMessage: onWalletNews, onReset: () => markAllStale(s) });
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

/** NOTIFY payload: "<id> <version> <paid> <trial> <held> <frozen>". */
function onWalletNews(payload: string): void {
  const [id, version, paid, trial, held, frozen] = payload.split(" ");
  const view = hotLedger().wallets.get(id);
  if (!view || frozen === undefined) return;
  applyWalletRow(view, { version: BigInt(version), paid: BigInt(paid), trial: BigInt(trial), held: BigInt(held), frozen: BigInt(frozen) });
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
  const isIdle = view.reserved === 0n && view.inflight === 0n;
  if (view.isStale || (isIdle && now - view.loadedAt > LIMIT_REFRESH_MS)) {
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

export async function placeMemoryHold(req: HoldRequest): Promise<Hold> {
  validateHoldRequest(req);
  const s = state();
  const { walletId, amount, idempotencyKey, apiKey, member, ttlMs = DEFAULT_HOLD_TTL_MS } = req;
  const known = s.byIdempotencyKey.get(idempotencyKey);
  if (known) return sameRequest(known, walletId);
  const month = member ? utcMonth() : null;
  const [wallet, key, allowance] = await Promise.all([
    walletView(s, walletId),
    apiKey ? keyView(s, apiKey.id) : null,
    member && month ? allowanceView(s, member.membershipId, month) : null,
  ]);
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
    id: randomUUID(),
    walletId,
    amount,
    apiKeyId: apiKey?.id ?? null,
    membershipId: member?.membershipId ?? null,
    allowanceMonth: month,
    expiresAt: new Date(Date.now() + ttlMs),
  };
  const mem: MemHold = { hold, idempotencyKey, status: "pending", resolvedAt: 0 };
  s.holds.set(hold.id, mem);
  s.byIdempotencyKey.set(idempotencyKey, mem);
  return hold;
}

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

function resolve(s: HotLedgerState, mem: MemHold, status: "settled" | "voided" | "expired"): void {
  mem.status = status;
  mem.resolvedAt = Date.now();
  s.resolvedOrder.push({ id: mem.hold.id, at: mem.resolvedAt });
}

export async function settleMemoryHold(hold: Hold, input: SettleInput): Promise<SettleResult> {
  validateSettleInput(input);
  const s = state();
  const mem = s.holds.get(hold.id);
  let reserved = 0n;
  if (mem) {
    if (mem.status === "settled" || mem.status === "voided") return { charged: 0n, loss: 0n, isDuplicate: true };
    if (mem.status === "pending") {
      reserved = hold.amount;
      release(s, mem.hold);
    }
    resolve(s, mem, "settled");
  } else if (hold.expiresAt.getTime() > Date.now()) {
    throw new AppError("not_found", "Unknown hold: it was placed by another process or before a restart");
  }
  // (an unknown hold past its expiry was forgotten after expiring: charged like an expired one, at most once
  // thanks to the usage idempotency key)
  if (input.cost === 0n) return { charged: 0n, loss: 0n, isDuplicate: false };
  const [wallet, key, allowance] = await Promise.all([
    walletView(s, hold.walletId),
    hold.apiKeyId ? keyView(s, hold.apiKeyId) : null,
    hold.membershipId && hold.allowanceMonth ? allowanceView(s, hold.membershipId, hold.allowanceMonth) : null,
  ]);
  const expected = minBigint(input.cost, maxBigint(0n, walletAvailable(wallet)));
  wallet.inflight += expected;
  if (key) key.inflight += input.cost;
  if (allowance) allowance.inflight += input.cost;
  return new Promise<SettleResult>((resolvePromise, rejectPromise) => {
    s.queue.push({ hold, reserved, cost: input.cost, expected, requestId: input.requestId, memo: input.memo, metadata: input.metadata, resolve: resolvePromise, reject: rejectPromise });
    kick(s);
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
  for (const mem of s.holds.values()) {
    if (mem.status === "pending" && mem.hold.expiresAt.getTime() <= now) {
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

function kick(s: HotLedgerState): void {
  if (s.flushing) return;
  s.flushing = (async () => {
    while (s.queue.length > 0) {
      const batch = s.queue.splice(0, MAX_BATCH);
      await commitWithFallback(s, batch);
    }
  })().finally(() => {
    s.flushing = null;
    if (s.queue.length > 0) kick(s);
  });
}

type Outcome = { charged: bigint; loss: bigint; isDuplicate: boolean };

async function commitWithFallback(s: HotLedgerState, batch: SettlementItem[]): Promise<void> {
  try {
    finish(s, batch, await commitBatch(batch));
  } catch (error) {
    if (batch.length === 1) {
      fail(s, batch[0], error);
      return;
    }
    // isolate what failed: commit one by one
    for (const item of batch) {
      try {
        finish(s, [item], await commitBatch([item]));
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
    }
  }
  for (const row of committed.allowances) {
    const view = s.allowances.get(allowanceId(row.membership_id, row.month));
    if (view) {
      view.base = { spent: row.spent, held: row.held };
      view.seq += 1;
    }
  }
  batch.forEach((item, i) => item.resolve(committed.outcomes[i]));
  notifyBalanceChange([...new Set(committed.wallets.map((w) => w.id))]);
}

async function commitBatch(batch: SettlementItem[]): Promise<Committed> {
  const [revenueId, lossesId] = await Promise.all([systemAccountId("usage_revenue"), systemAccountId("losses")]);
  let duplicates = new Set<string>();
  for (let attempt = 1; ; attempt++) {
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      const result = await writeBatch(client, batch, duplicates, revenueId, lossesId);
      if (result.kind === "duplicates") {
        await client.query("ROLLBACK");
        duplicates = new Set([...duplicates, ...result.keys]);
        continue;
      }
      await client.query("COMMIT");
      return result.committed;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      if (attempt < 4 && RETRYABLE.has((error as { code?: string }).code ?? "")) continue;
      throw error;
    } finally {
      client.release();
    }
  }
}

type WriteResult = { kind: "duplicates"; keys: string[] } | { kind: "committed"; committed: Committed };

async function writeBatch(client: pg.PoolClient, batch: SettlementItem[], duplicates: Set<string>, revenueId: string, lossesId: string): Promise<WriteResult> {
  const walletIds = [...new Set(batch.map((i) => i.hold.walletId))].sort();
  const locked = await sql<WalletRow & { id: string }>(
    `select id, paid, trial, held, frozen, version from ledger_accounts where id = any($1::uuid[]) and kind <> 'system' order by id for update`,
    [walletIds],
    client,
  );
  const running = new Map(locked.rows.map((r) => [r.id, { trial: r.trial, free: r.paid + r.trial - r.held - r.frozen }]));

  const outcomes: Outcome[] = [];
  const txKeys: string[] = [];
  const txRequestIds: string[] = [];
  const txMemos: (string | null)[] = [];
  const txMetadata: string[] = [];
  const entryKeys: string[] = [];
  const entryAccounts: string[] = [];
  const entryBuckets: string[] = [];
  const entryAmounts: string[] = [];
  const walletDelta = new Map<string, { paid: bigint; trial: bigint }>();
  const keyDelta = new Map<string, bigint>();
  const allowanceDelta = new Map<string, { membershipId: string; month: string; spent: bigint }>();

  for (const item of batch) {
    const key = usageKey(item.hold.id);
    const run = running.get(item.hold.walletId);
    if (duplicates.has(key) || !run) {
      if (!run) throw new AppError("not_found", "No such wallet");
      outcomes.push({ charged: 0n, loss: 0n, isDuplicate: true });
      continue;
    }
    const charged = minBigint(item.expected, maxBigint(0n, run.free));
    const loss = item.cost - charged;
    const { fromTrial, fromPaid } = splitCharge(charged, run.trial);
    run.free -= charged;
    run.trial -= fromTrial;
    outcomes.push({ charged, loss, isDuplicate: false });

    txKeys.push(key);
    txRequestIds.push(item.requestId);
    txMemos.push(item.memo ?? null);
    txMetadata.push(
      JSON.stringify({
        ...item.metadata,
        holdId: item.hold.id,
        apiKeyId: item.hold.apiKeyId,
        membershipId: item.hold.membershipId,
        cost: item.cost.toString(),
        charged: charged.toString(),
        loss: loss.toString(),
      }),
    );
    for (const leg of usageLegs({ walletId: item.hold.walletId, fromTrial, fromPaid, cost: item.cost, loss, revenueId, lossesId })) {
      entryKeys.push(key);
      entryAccounts.push(leg.accountId);
      entryBuckets.push(leg.bucket);
      entryAmounts.push(leg.amount.toString());
    }
    const delta = walletDelta.get(item.hold.walletId) ?? { paid: 0n, trial: 0n };
    delta.paid -= fromPaid;
    delta.trial -= fromTrial;
    walletDelta.set(item.hold.walletId, delta);
    if (item.hold.apiKeyId) keyDelta.set(item.hold.apiKeyId, (keyDelta.get(item.hold.apiKeyId) ?? 0n) + item.cost);
    if (item.hold.membershipId && item.hold.allowanceMonth) {
      const id = allowanceId(item.hold.membershipId, item.hold.allowanceMonth);
      const a = allowanceDelta.get(id) ?? { membershipId: item.hold.membershipId, month: item.hold.allowanceMonth, spent: 0n };
      a.spent += item.cost;
      allowanceDelta.set(id, a);
    }
  }

  if (txKeys.length > 0) {
    const inserted = await sql<{ idempotency_key: string }>(
      `insert into ledger_transactions (kind, idempotency_key, request_id, memo, metadata)
       select 'usage', k, r, m, d::jsonb from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as t(k, r, m, d)
       on conflict (idempotency_key) do nothing returning idempotency_key`,
      [txKeys, txRequestIds, txMemos, txMetadata],
      client,
    );
    if (inserted.rowCount !== txKeys.length) {
      const fresh = new Set(inserted.rows.map((r) => r.idempotency_key));
      return { kind: "duplicates", keys: txKeys.filter((k) => !fresh.has(k)) };
    }
  }

  const walletList = [...walletDelta.entries()].filter(([, d]) => d.paid !== 0n || d.trial !== 0n).sort(([a], [b]) => (a < b ? -1 : 1));
  const keyList = [...keyDelta.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const allowanceList = [...allowanceDelta.values()].sort((a, b) => (a.membershipId + a.month < b.membershipId + b.month ? -1 : 1));
  const written = await sql<{ kind: string; id: string; month: string | null; paid: bigint | null; trial: bigint | null; held: bigint | null; frozen: bigint | null; version: bigint | null; spent: bigint | null }>(
    `with entries as (
       insert into ledger_entries (transaction_id, account_id, bucket, amount)
       select t.id, e.account, e.bucket, e.amount
         from unnest($1::text[], $2::uuid[], $3::text[], $4::bigint[]) as e(k, account, bucket, amount)
         join ledger_transactions t on t.idempotency_key = e.k
       returning 1
     ), wallets as (
       update ledger_accounts a set paid = a.paid + d.paid, trial = a.trial + d.trial
         from unnest($5::uuid[], $6::bigint[], $7::bigint[]) as d(id, paid, trial)
        where a.id = d.id
       returning a.id, a.paid, a.trial, a.held, a.frozen, a.version
     ), keys as (
       update api_keys k set spent = k.spent + d.cost
         from unnest($8::uuid[], $9::bigint[]) as d(id, cost)
        where k.id = d.id
       returning k.id, k.spent, k.held
     ), allowances as (
       insert into allowance_usage (membership_id, month, spent)
       select * from unnest($10::uuid[], $11::text[], $12::bigint[])
       on conflict (membership_id, month) do update set spent = allowance_usage.spent + excluded.spent
       returning membership_id, month, spent, held
     )
     select 'wallet' as kind, id::text, null::text as month, paid, trial, held, frozen, version, null::bigint as spent from wallets
     union all select 'key', id::text, null, null, null, held, null, null, spent from keys
     union all select 'allowance', membership_id::text, month, null, null, held, null, null, spent from allowances
     union all select 'entries', count(*)::text, null, null, null, null, null, null, null from entries`,
    [
      entryKeys,
      entryAccounts,
      entryBuckets,
      entryAmounts,
      walletList.map(([id]) => id),
      walletList.map(([, d]) => d.paid.toString()),
      walletList.map(([, d]) => d.trial.toString()),
      keyList.map(([id]) => id),
      keyList.map(([, cost]) => cost.toString()),
      allowanceList.map((a) => a.membershipId),
      allowanceList.map((a) => a.month),
      allowanceList.map((a) => a.spent.toString()),
    ],
    client,
  );
  const committed: Committed = { outcomes, wallets: [], keys: [], allowances: [] };
  const unchanged = new Set(walletIds);
  for (const row of written.rows) {
    if (row.kind === "wallet") {
      committed.wallets.push({ id: row.id, paid: row.paid ?? 0n, trial: row.trial ?? 0n, held: row.held ?? 0n, frozen: row.frozen ?? 0n, version: row.version ?? 0n });
      unchanged.delete(row.id);
    } else if (row.kind === "key") committed.keys.push({ id: row.id, spent: row.spent ?? 0n, held: row.held ?? 0n });
    else if (row.kind === "allowance") committed.allowances.push({ membership_id: row.id, month: row.month ?? "", spent: row.spent ?? 0n, held: row.held ?? 0n });
    else if (row.kind === "entries" && BigInt(row.id) !== BigInt(entryKeys.length)) throw new Error(`ledger batch wrote ${row.id} of ${entryKeys.length} entries`);
  }
  // wallets the batch did not change (everything was a loss) still get their locked row as the latest state
  for (const row of locked.rows) if (unchanged.has(row.id)) committed.wallets.push(row);
  return { kind: "committed", committed };
}
