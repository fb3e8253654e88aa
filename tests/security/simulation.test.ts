/**
 * The money simulation (support/money-simulation.ts): a few seeds × a few hundred random steps against the real hold
 * engine, pricing and usage rule, with injected database and upstream faults and a fake clock, checking the ledger
 * invariants after every step. `SIM_SEED=<n>` replays one seed exactly (and `SIM_STEPS=<n>` runs it longer).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { sql } from "../../lib/db";
import { SimulationFailure, runSimulation } from "./support/money-simulation";

const SEEDS = process.env.SIM_SEED ? [Number(process.env.SIM_SEED)] : [1, 2, 3];
const STEPS = Number(process.env.SIM_STEPS ?? 300);

describe("money simulation", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}: ${STEPS} steps keep every ledger invariant`, async () => {
      // only Date is faked: timers, sockets and the database keep real time
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(Date.UTC(2030, 0, 1) + seed * 86_400_000);
      const clock = { now: () => Date.now(), set: (ms: number) => vi.setSystemTime(ms) };
      const stats = await runSimulation({ seed, steps: STEPS, clock });
      // the run really exercised the paths it claims to
      expect(stats.opened).toBeGreaterThan(STEPS / 10);
      expect(stats.settled).toBeGreaterThan(STEPS / 20);
      expect(stats.voided).toBeGreaterThan(0);
    }, 120_000);
  }

  it("replays a seed exactly: the same steps and the same balances after each", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.UTC(2031, 0, 1);
    const runOnce = async (run: string) => {
      vi.setSystemTime(start);
      return runSimulation({ seed: 42, steps: 40, run, clock: { now: () => Date.now(), set: (ms: number) => vi.setSystemTime(ms) } });
    };
    const first = await runOnce("a");
    const second = await runOnce("b");
    expect(second.trace).toEqual(first.trace);
    expect(first.trace).toHaveLength(40);
  }, 120_000);

  it("fails loudly on a broken invariant, naming the seed and the step to replay", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.UTC(2032, 0, 1));
    const clock = { now: () => Date.now(), set: (ms: number) => vi.setSystemTime(ms) };
    // a wallet's cached balance drifts from its entries at step 6 (what a double charge or a lost write would do)
    const corrupt = `update ledger_accounts set paid = paid + 1 where kind = 'user_wallet'`;
    const failure = await runSimulation({
      seed: 9,
      steps: 20,
      run: "broken",
      clock,
      beforeStep: async (step) => {
        if (step === 6) await sql(corrupt);
      },
    }).catch((e: unknown) => e);
    await sql(`update ledger_accounts set paid = paid - 1 where kind = 'user_wallet'`);
    expect(failure).toBeInstanceOf(SimulationFailure);
    expect((failure as Error).message).toMatch(/^simulation seed 9, step 6 \(.+\): ledger:check failed/);
    expect((failure as Error).message).toContain("SIM_SEED=9");
  }, 120_000);
});
