/**
 * The mail that follows money moved by card: top-up receipts and refund outcomes. Each kind is sent once per top-up
 * or request (their own latches); this runs them after the transaction that made them due has committed — a Stripe
 * event, an operator's decision — and from the payments job (./jobs.ts) for any a pass could not write.
 */
import "server-only";
import { logger } from "../log";
import { mailRefundDecisions } from "./mail-refund-decisions";
import { mailTopUpReceipts } from "./mail-top-up-receipts";

/** Both kinds, the second even when the first failed; throws the first failure. */
export async function mailPaymentNotices(): Promise<void> {
  const results = await Promise.allSettled([mailTopUpReceipts(), mailRefundDecisions()]);
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
}

/** mailPaymentNotices in the background: a failure is logged (the next pass retries), never thrown. */
export function mailPaymentNoticesSoon(): void {
  mailPaymentNotices().catch((error: unknown) => {
    logger().warn({ component: "payment-notices", err: error instanceof Error ? error.message : String(error) }, "payment mail failed; the next pass retries");
  });
}
