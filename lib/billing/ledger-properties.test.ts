/**
 * Property-based test of the ledger: random sequences of top-ups, holds, settles, voids, refunds (negative
 * adjustments), adjustments and expiries run against BOTH hold engines (the in-memory hot path and the durable
 * reference), each on its own wallet, and after every step both must agree with a plain model of the rules and
 * ledger:check must pass.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getWalletBalance } from "./accounts";
import { placeDurableHold, settleDurableHold, voidDurableHold } from "./durable-holds";
import type { Hold } from "./hold-types";
import { expireHolds, placeHold, settleHold, voidHold } from "./holds";
import { adjustWallet, checkLedger, creditWallet } from "./ledger";
import { apiKeyRow, fundedWallet } from "./test-support/fixtures";

type Op =
  | { t: "topup"; amount: number; bucket: "paid" | "trial" }
  | { t: "hold"; amount: number; withKey: boolean }
  | { t: "settle"; pick: number; cost: number }
  | { t: "void"; pick: number }
  | { t: "adjust"; amount: number }
  | { t: "expire" };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant("topup" as const), amount: fc.integer({ min: 1, max: 3_000_000 }), bucket: fc.constantFrom("paid" as const, "trial" as const) }),
  fc.record({ t: fc.constant("hold" as const), amount: fc.integer({ min: 0, max: 2_000_000 }), withKey: fc.boolean() }),
  fc.record({ t: fc.constant("hold" as const), amount: fc.integer({ min: 0, max: 2_000_000 }), withKey: fc.boolean() }),
  fc.record({ t: fc.constant("settle" as const), pick: fc.nat(), cost: fc.integer({ min: 0, max: 3_000_000 }) }),
  fc.record({ t: fc.constant("settle" as const), pick: fc.nat(), cost: fc.integer({ min: 0, max: 3_000_000 }) }),
  fc.record({ t: fc.constant("void" as const), pick: fc.nat() }),
  fc.record({ t: fc.constant("adjust" as const), amount: fc.integer({ min: -2_000_000, max: 2_000_000 }).filter((n) => n !== 0) }),
  fc.constant({ t: "expire" as const }),
);

const KEY_CAP = 4_000_000n;

type ModelHold = { amount: bigint; status: "pending" | "settled" | "voided" | "expired"; withKey: boolean };
type Model = { paid: bigint; trial: bigint; holds: ModelHold[]; keySpent: bigint };

const reserved = (m: Model) => m.holds.filter((h) => h.status === "pending").reduce((sum, h) => sum + h.amount, 0n);
const keyUsed = (m: Model) => m.keySpent + m.holds.filter((h) => h.status === "pending" && h.withKey).reduce((sum, h) => sum + h.amount, 0n);

function debit(m: Model, amount: bigint): void {
  const fromTrial = m.trial < amount ? m.trial : amount;
  m.trial -= fromTrial;
  m.paid -= amount - fromTrial;
}

type Engine = {
  placeHold: typeof placeHold;
  settleHold: typeof settleHold;
  voidHold: typeof voidHold;
};

const ENGINES: Record<"memory" | "durable", Engine> = {
  memory: { placeHold, settleHold, voidHold },
  durable: { placeHold: placeDurableHold, settleHold: settleDurableHold, voidHold: voidDurableHold },
};

let run = 0;

describe("ledger properties", () => {
  it("both hold engines agree with the model and ledger:check passes after every step", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), async (ops) => {
        run += 1;
        const sides = await Promise.all(
          (["memory", "durable"] as const).map(async (name) => {
            const wallet = await fundedWallet({});
            const apiKey = await apiKeyRow({ userId: wallet.userId, creditCap: KEY_CAP });
            return { name, engine: ENGINES[name], ...wallet, apiKey, holds: [] as Hold[] };
          }),
        );
        const model: Model = { paid: 0n, trial: 0n, holds: [], keySpent: 0n };
        for (const [step, o] of ops.entries()) {
          const tag = `${run}:${step}`;
          const expected: { code?: string; charged?: bigint; loss?: bigint; isDuplicate?: boolean } = {};
          // the model first
          if (o.t === "topup") {
            if (o.bucket === "paid") model.paid += BigInt(o.amount);
            else model.trial += BigInt(o.amount);
          } else if (o.t === "hold") {
            const amount = BigInt(o.amount);
            if (model.paid + model.trial - reserved(model) < amount) expected.code = "insufficient_quota";
            else if (o.withKey && keyUsed(model) + amount > KEY_CAP) expected.code = "key_cap_exceeded";
            else model.holds.push({ amount, status: "pending", withKey: o.withKey });
          } else if (o.t === "settle" || o.t === "void") {
            const hold = model.holds[o.pick % Math.max(1, model.holds.length)];
            if (!hold) continue;
            if (o.t === "void") {
              expected.isDuplicate = hold.status !== "pending";
              if (hold.status === "pending") hold.status = "voided";
            } else if (hold.status === "settled" || hold.status === "voided") {
              Object.assign(expected, { charged: 0n, loss: 0n, isDuplicate: true });
            } else {
              hold.status = "settled";
              const cost = BigInt(o.cost);
              const available = model.paid + model.trial - reserved(model);
              const charged = cost < available ? cost : available > 0n ? available : 0n;
              debit(model, charged);
              if (hold.withKey) model.keySpent += cost;
              Object.assign(expected, { charged, loss: cost - charged, isDuplicate: false });
            }
          } else if (o.t === "adjust") {
            const amount = BigInt(o.amount);
            if (amount > 0n) model.paid += amount;
            else if (model.paid + model.trial - reserved(model) < -amount) expected.code = "insufficient_quota";
            else debit(model, -amount);
          } else {
            for (const h of model.holds) if (h.status === "pending") h.status = "expired";
          }

          // then each engine
          if (o.t === "expire") await expireHolds(new Date(Date.now() + 60 * 60_000));
          for (const side of sides) {
            const key = `${side.name}:${tag}`;
            if (o.t === "topup") {
              await creditWallet({ owner: { userId: side.userId }, amount: BigInt(o.amount), bucket: o.bucket, source: o.bucket === "paid" ? "card_payments" : "promotions", kind: o.bucket === "paid" ? "topup" : "trial", idempotencyKey: key });
            } else if (o.t === "hold") {
              const placing = side.engine.placeHold({ walletId: side.walletId, amount: BigInt(o.amount), idempotencyKey: key, apiKey: o.withKey ? side.apiKey : undefined });
              if (expected.code) await expect(placing, `${side.name} step ${step}`).rejects.toMatchObject({ code: expected.code });
              else side.holds.push(await placing);
            } else if (o.t === "settle") {
              const hold = side.holds[o.pick % side.holds.length];
              expect(await side.engine.settleHold(hold, { cost: BigInt(o.cost), requestId: key }), `${side.name} step ${step}`).toEqual(expected);
            } else if (o.t === "void") {
              const hold = side.holds[o.pick % side.holds.length];
              expect(await side.engine.voidHold(hold), `${side.name} step ${step}`).toEqual({ isDuplicate: expected.isDuplicate });
            } else if (o.t === "adjust") {
              const adjusting = adjustWallet({ owner: { userId: side.userId }, amount: BigInt(o.amount), reason: "property test", idempotencyKey: key });
              if (expected.code) await expect(adjusting).rejects.toMatchObject({ code: expected.code });
              else await adjusting;
            }
            const balance = await getWalletBalance(side.walletId);
            expect({ paid: balance.paid, trial: balance.trial, held: balance.held }, `${side.name} after step ${step} (${o.t})`).toEqual({
              paid: model.paid,
              trial: model.trial,
              held: reserved(model),
            });
          }
          const check = await checkLedger();
          expect(check.problems, `ledger:check after step ${step}`).toEqual([]);
        }
      }),
      { numRuns: 20 },
    );
  }, 240_000);
});
