/**
 * A deterministic simulation of the money path: a seeded PRNG picks, step by step, among opening a request (price
 * in force + hold), streaming chunks, ending a request every way the relay can (done with a sane or absurd report,
 * client gone, upstream cut, failed before the first byte), settling several at once, replaying a settlement,
 * top-ups, operator refunds, price changes, clock jumps past hold expiry (the sweeper), and injected database faults
 * (a raising trigger; a backend terminated mid-commit). It calls the real hold engine (holds.ts), the real pricing
 * and the relay's real usage rule (final-usage.ts) on the test database, with the process clock faked
 * (`clock.set`), and proves the ledger invariants after every step: ledger:check's own function, each wallet equal
 * to the simulation's account of it, revenue and losses equal to what the settlements reported.
 *
 * A failure names the seed and the step; the same seed replays the same run.
 */
import { getWalletBalance, systemAccountId } from "../../../lib/billing/accounts";
import type { Hold } from "../../../lib/billing/hold-types";
import { expireHolds, placeHold, settleHold, voidHold } from "../../../lib/billing/holds";
import { adjustWallet, checkLedger, creditWallet } from "../../../lib/billing/ledger";
import { computeCost, getPrice, setPrice, upsertModel, worstCaseCost, type Price } from "../../../lib/billing/pricing";
import { fundedWallet } from "../../../lib/billing/test-support/fixtures";
import type { Usage } from "../../../lib/billing/usage";
import { sql } from "../../../lib/db";
import { finalUsage } from "../../../lib/relay/final-usage";
import { injectLedgerFault, removeLedgerFault } from "./money-faults";

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Clock = { now: () => number; set: (ms: number) => void };

type SimWallet = { userId: string; walletId: string; expected: bigint };
type SimRequest = { id: string; wallet: SimWallet; hold: Hold; price: Price; model: string; openedAt: Date; promptTokens: number; maxOutput: number; delivered: number };
type End = "done" | "absurd" | "client_gone" | "cut" | "failed_before_first_byte" | "db_fault_raise" | "db_fault_terminate";

const CONTEXT_WINDOW = 100_000;
const HOLD_TTL_MS = 10 * 60_000;
const MODELS = ["sim-alpha", "sim-beta"];

export class SimulationFailure extends Error {}

export type SimulationResult = { opened: number; settled: number; voided: number; refused: number; trace: string[] };

/** `run` only keeps two runs of one seed apart in the database (request ids, idempotency keys); it changes no choice. */
export async function runSimulation({
  seed,
  steps,
  clock,
  run = "a",
  beforeStep,
}: {
  seed: number;
  steps: number;
  clock: Clock;
  run?: string;
  /** test hook: runs before a step's action, inside its error handling (the test of the failure message uses it) */
  beforeStep?: (step: number) => Promise<void>;
}): Promise<SimulationResult> {
  const rng = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
  const pick = <T>(items: T[]): T => items[Math.floor(rng() * items.length)];
  const tag = `s${seed}${run}`;
  const stats = { opened: 0, settled: 0, voided: 0, refused: 0 };
  const trace: string[] = [];

  for (const model of MODELS) {
    await upsertModel({ id: model, vendor: "sim", kind: "chat", contextWindow: CONTEXT_WINDOW, maxOutputTokens: 4_000, modalities: ["text"], isVisible: true });
  }
  // always a new version at the start (not only when none exists), so the PRNG draws the same numbers every run
  for (const model of MODELS) await changePrice(model, int);

  const wallets: SimWallet[] = [];
  for (let i = 0; i < 3; i++) {
    const paid = BigInt(int(2_000, 60_000));
    const trial = BigInt(int(0, 5_000));
    const { userId, walletId } = await fundedWallet({ paid, trial });
    wallets.push({ userId, walletId, expected: paid + trial });
  }
  const [revenueId, lossesId] = await Promise.all([systemAccountId("usage_revenue"), systemAccountId("losses")]);
  const baseline = { revenue: await systemTotal(revenueId), losses: await systemTotal(lossesId) };
  const totals = { revenue: 0n, losses: 0n };
  const open: SimRequest[] = [];
  const finished: SimRequest[] = [];

  /** End one request by the relay's rule: free before any output, else the usage rule, never more than the hold. */
  const end = async (req: SimRequest, how: End): Promise<void> => {
    open.splice(open.indexOf(req), 1);
    finished.push(req);
    const inForce = await getPrice(req.model, req.openedAt);
    if (inForce?.id !== req.price.id) throw new SimulationFailure(`the price in force when ${req.id} opened changed from ${req.price.id} to ${inForce?.id}`);
    if (how === "failed_before_first_byte" || (how !== "done" && how !== "absurd" && !how.startsWith("db_fault") && req.delivered === 0)) {
      await voidHold(req.hold);
      stats.voided++;
      return;
    }
    const isComplete = how === "done" || how === "absurd" || how.startsWith("db_fault");
    const reported: Usage | null = how === "absurd" ? absurdUsage(int) : isComplete ? saneUsage(req, int) : rng() < 0.5 ? null : { input: { noCache: req.promptTokens, cacheRead: 0, cacheWrite: 0 }, output: { text: 1, reasoning: 0 } };
    const { usage } = finalUsage({ reported, isComplete, promptTokens: req.promptTokens, countDelivered: () => req.delivered, bounds: { maxInputTokens: CONTEXT_WINDOW, maxOutputTokens: req.maxOutput } });
    const priced = computeCost({ price: req.price, usage });
    const cost = priced > req.hold.amount ? req.hold.amount : priced;
    const fault = how === "db_fault_raise" ? "raise" : how === "db_fault_terminate" ? "terminate" : null;
    if (fault) await injectLedgerFault({ requestId: req.id, kind: fault });
    try {
      const result = await settleHold(req.hold, { cost, requestId: req.id, memo: req.model });
      if (fault === "raise") throw new SimulationFailure(`settlement of ${req.id} succeeded through a raising trigger`);
      if (result.isDuplicate || result.charged + result.loss !== cost || result.charged < 0n) throw new SimulationFailure(`settlement of ${req.id} reported ${JSON.stringify(result, bigintJson)} for cost ${cost}`);
      req.wallet.expected -= result.charged;
      totals.revenue += cost;
      totals.losses += result.loss;
      stats.settled++;
    } catch (error) {
      if (fault !== "raise" || error instanceof SimulationFailure) throw error;
      // a permanent fault: nothing was charged, and the hold is resolved (checked by the replay step)
    } finally {
      if (fault) await removeLedgerFault();
    }
  };

  for (let step = 1; step <= steps; step++) {
    const roll = rng();
    let what = "";
    try {
      await beforeStep?.(step);
      if (roll < 0.22 || open.length === 0) {
        const wallet = pick(wallets);
        const model = pick(MODELS);
        const openedAt = new Date(clock.now());
        const price = await getPrice(model, openedAt);
        if (!price) throw new SimulationFailure(`no price in force for ${model}`);
        const promptTokens = int(5, 400);
        const maxOutput = int(1, 600);
        const amount = worstCaseCost({ price, promptTokens: promptTokens + Math.ceil(promptTokens / 10) + 8, maxOutputTokens: maxOutput });
        const id = `${tag}-r${step}`;
        const label = `r${step}`;
        what = `open ${label} on wallet ${wallets.indexOf(wallet)} for ${amount}`;
        try {
          const hold = await placeHold({ walletId: wallet.walletId, amount, idempotencyKey: `req:${id}`, ttlMs: HOLD_TTL_MS });
          open.push({ id, wallet, hold, price, model, openedAt, promptTokens, maxOutput, delivered: 0 });
          stats.opened++;
        } catch (error) {
          if ((error as { code?: string }).code !== "insufficient_quota") throw error;
          stats.refused++;
        }
      } else if (roll < 0.45) {
        const req = pick(open);
        const chunk = int(1, 60);
        what = `stream ${chunk} tokens of ${req.id}`;
        req.delivered += chunk;
      } else if (roll < 0.65) {
        const req = pick(open);
        const how = pick<End>(["done", "done", "done", "absurd", "client_gone", "cut", "failed_before_first_byte"]);
        what = `end ${req.id} (${how}, ${req.delivered} delivered)`;
        await end(req, how);
      } else if (roll < 0.7) {
        // several settle at once (one per wallet, so each wallet's charges do not depend on commit order)
        const batch = wallets.flatMap((w) => open.filter((r) => r.wallet === w).slice(0, 1));
        what = `end ${batch.map((r) => r.id).join(", ")} together`;
        await Promise.all(batch.map((req) => end(req, "done")));
      } else if (roll < 0.75) {
        const req = pick(open);
        const kind = rng() < 0.5 ? "db_fault_raise" : "db_fault_terminate";
        what = `end ${req.id} through ${kind}`;
        await end(req, kind);
      } else if (roll < 0.8 && finished.length > 0) {
        const req = pick(finished);
        what = `replay the settlement of ${req.id}`;
        const again = rng() < 0.5 ? await settleHold(req.hold, { cost: 1n, requestId: req.id }).catch((e: unknown) => e) : await voidHold(req.hold);
        // a forgotten hold past its expiry may still be charged (over-run); within its lifetime a replay moves nothing
        if (again instanceof Error || !(again as { isDuplicate: boolean }).isDuplicate) {
          if (!(again instanceof Error) && req.hold.expiresAt.getTime() > clock.now()) throw new SimulationFailure(`a replay of ${req.id} was not a duplicate: ${JSON.stringify(again, bigintJson)}`);
          if (!(again instanceof Error) && "charged" in (again as object)) {
            const r = again as { charged: bigint; loss: bigint };
            req.wallet.expected -= r.charged;
            totals.revenue += 1n;
            totals.losses += r.loss;
          }
        }
      } else if (roll < 0.86) {
        const wallet = pick(wallets);
        const amount = BigInt(int(1, 20_000));
        what = `top up wallet ${wallets.indexOf(wallet)} by ${amount}`;
        await creditWallet({ owner: { userId: wallet.userId }, amount, bucket: "paid", source: "card_payments", kind: "topup", idempotencyKey: `${tag}-topup-${step}` });
        wallet.expected += amount;
      } else if (roll < 0.91) {
        const wallet = pick(wallets);
        const amount = BigInt(int(1, 15_000));
        what = `refund ${amount} from wallet ${wallets.indexOf(wallet)}`;
        try {
          await adjustWallet({ owner: { userId: wallet.userId }, amount: -amount, reason: "simulated refund", idempotencyKey: `${tag}-refund-${step}` });
          wallet.expected -= amount;
        } catch (error) {
          if ((error as { code?: string }).code !== "insufficient_quota") throw error;
        }
      } else if (roll < 0.95) {
        const model = pick(MODELS);
        what = `new price for ${model}`;
        clock.set(clock.now() + 1_000);
        await changePrice(model, int);
      } else {
        const jump = pick([1_000, 60_000, 5 * 60_000, HOLD_TTL_MS + 1_000]);
        what = `clock +${jump} ms and sweep`;
        clock.set(clock.now() + jump);
        await expireHolds(new Date(clock.now()));
      }
      await checkInvariants({ wallets, revenueId, lossesId, baseline, totals });
      trace.push(`${step} ${what.replaceAll(tag, "")} → ${wallets.map((w) => w.expected).join("/")}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new SimulationFailure(`simulation seed ${seed}, step ${step} (${what || "?"}): ${message}\n  replay with SIM_SEED=${seed}`);
    }
  }
  // leave nothing reserved: end what is still open, then prove the books once more
  for (const req of [...open]) await end(req, req.delivered > 0 ? "cut" : "failed_before_first_byte");
  await checkInvariants({ wallets, revenueId, lossesId, baseline, totals });
  return { ...stats, trace };
}

async function changePrice(model: string, int: (min: number, max: number) => number): Promise<void> {
  await setPrice({
    modelId: model,
    inputPerM: BigInt(int(100_000, 3_000_000)),
    outputPerM: BigInt(int(200_000, 9_000_000)),
    cacheReadPerM: BigInt(int(10_000, 300_000)),
    cacheWritePerM: BigInt(int(100_000, 4_000_000)),
    effectiveFrom: new Date(Date.now()),
    actor: { kind: "system" },
  });
}

function saneUsage(req: SimRequest, int: (min: number, max: number) => number): Usage {
  const cacheRead = int(0, req.promptTokens);
  return { input: { noCache: req.promptTokens - cacheRead + int(0, 3), cacheRead, cacheWrite: int(0, 5) }, output: { text: Math.min(req.delivered, req.maxOutput), reasoning: 0 } };
}

function absurdUsage(int: (min: number, max: number) => number): Usage {
  const absurd = [1e15, -5, Number.NaN, 0, 2 ** 53, Number.POSITIVE_INFINITY];
  const any = () => absurd[int(0, absurd.length - 1)];
  return { input: { noCache: any(), cacheRead: any(), cacheWrite: any() }, output: { text: any(), reasoning: any() } };
}

async function systemTotal(accountId: string): Promise<bigint> {
  const { rows } = await sql<{ total: bigint }>(`select coalesce(sum(amount), 0)::bigint as total from ledger_entries where account_id = $1`, [accountId]);
  return rows[0].total;
}

async function checkInvariants({
  wallets,
  revenueId,
  lossesId,
  baseline,
  totals,
}: {
  wallets: SimWallet[];
  revenueId: string;
  lossesId: string;
  baseline: { revenue: bigint; losses: bigint };
  totals: { revenue: bigint; losses: bigint };
}): Promise<void> {
  const check = await checkLedger();
  if (!check.ok) throw new SimulationFailure(`ledger:check failed: ${JSON.stringify(check.problems)}`);
  for (const [i, wallet] of wallets.entries()) {
    const balance = await getWalletBalance(wallet.walletId);
    if (balance.paid + balance.trial !== wallet.expected) throw new SimulationFailure(`wallet ${i} holds ${balance.paid + balance.trial}, the settlements say ${wallet.expected}`);
    if (balance.paid < 0n || balance.trial < 0n) throw new SimulationFailure(`wallet ${i} is negative: ${JSON.stringify(balance, bigintJson)}`);
  }
  const revenue = (await systemTotal(revenueId)) - baseline.revenue;
  const losses = baseline.losses - (await systemTotal(lossesId));
  if (revenue !== totals.revenue) throw new SimulationFailure(`usage revenue moved by ${revenue}, the settlements' costs sum to ${totals.revenue}`);
  if (losses !== totals.losses) throw new SimulationFailure(`losses moved by ${losses}, the settlements reported ${totals.losses}`);
}

function bigintJson(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
