/**
 * The payments module's background work: receipts and refund outcomes that the pass after their webhook or decision
 * did not send (it failed writing the mail) go out within a minute, from one instance at a time.
 */
import "server-only";
import { registerJob } from "../jobs";
import { mailPaymentNotices } from "./payment-notices";

registerJob({
  name: "payments.notices",
  everyMs: 60_000,
  run: async () => {
    await mailPaymentNotices();
  },
});
