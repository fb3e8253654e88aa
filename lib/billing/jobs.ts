/**
 * The billing module's background work: the durable-hold expiry sweeper and the low-balance sweep run as
 * cluster-wide jobs (one instance at a time); low-balance checks after each balance change run in every process.
 * In-memory holds expire in the process that holds them (hot-ledger.ts runs its own sweeper).
 */
import "server-only";
import { env } from "../env";
import { registerJob } from "../jobs";
import { expireDurableHolds } from "./durable-holds";
import { checkLowBalances, watchLowBalances } from "./low-balance";

registerJob({
  name: "billing.expire-durable-holds",
  everyMs: env().HOLD_SWEEP_EVERY_MS,
  run: async () => {
    await expireDurableHolds();
  },
});

registerJob({
  name: "billing.low-balance-sweep",
  everyMs: 60_000,
  run: async () => {
    await checkLowBalances();
  },
});

watchLowBalances();
