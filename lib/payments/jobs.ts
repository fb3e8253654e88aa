/**
 * The payments module's background work: receipts of paid top-ups that the pass after their webhook did not send
 * (it failed writing the mail, or the process stopped first) go out within a minute, from one instance at a time.
 */
import "server-only";
import { registerJob } from "../jobs";
import { mailTopUpReceipts } from "./mail-top-up-receipts";

registerJob({
  name: "payments.top-up-receipts",
  everyMs: 60_000,
  run: async () => {
    await mailTopUpReceipts();
  },
});
