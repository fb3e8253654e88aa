-- A paid top-up is confirmed to its payer by one receipt mail (lib/payments/mail-top-up-receipts.ts). The column is
-- the latch that makes it one: set when the mail is taken for sending, in the same statement that finds it, so
-- concurrent webhook deliveries and processes never send two. Top-ups paid before this migration count as mailed:
-- nobody gets a receipt for an old payment.
ALTER TABLE "top_ups" ADD COLUMN "receipt_mailed_at" TIMESTAMPTZ(3);
UPDATE "top_ups" SET "receipt_mailed_at" = coalesce("paid_at", now()) WHERE "status" = 'paid';
-- what the sender looks for: paid, not yet mailed (a handful at any moment)
CREATE INDEX "top_ups_receipt_due_idx" ON "top_ups"("paid_at") WHERE "status" = 'paid' AND "receipt_mailed_at" IS NULL;
