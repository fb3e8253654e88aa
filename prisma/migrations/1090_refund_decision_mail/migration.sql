-- A refund request's outcome (refunded to the card, failed at the card's end, or declined by the operator) is told to
-- the customer who asked by one mail (lib/payments/mail-refund-decisions.ts); this column is its latch, as
-- top_ups.receipt_mailed_at is for receipts. Requests decided before this migration count as mailed.
ALTER TABLE "refund_requests" ADD COLUMN "decision_mailed_at" TIMESTAMPTZ(3);
UPDATE "refund_requests" SET "decision_mailed_at" = coalesce("decided_at", now()) WHERE "status" IN ('completed', 'failed', 'rejected');
CREATE INDEX "refund_requests_decision_due_idx" ON "refund_requests"("created_at") WHERE "status" IN ('completed', 'failed', 'rejected') AND "decision_mailed_at" IS NULL;
