-- Payments (Stripe): the refunds we ask Stripe for, and amounts frozen on wallets (approved refunds, disputes).

-- One Stripe refund against one top-up's charge, planned when an operator approves a refund request.
-- Planned rows exist before the Stripe call (their id is the refund's metadata and idempotency key), so a
-- charge.refunded webhook that races the approval still finds them.
CREATE TABLE "refund_allocations" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "refund_request_id" UUID NOT NULL,
  "top_up_id" UUID NOT NULL,
  "amount" BIGINT NOT NULL,
  "stripe_refund_id" TEXT,
  "status" TEXT NOT NULL DEFAULT 'planned',
  "error" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "applied_at" TIMESTAMPTZ(3),
  CONSTRAINT "refund_allocations_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "refund_allocations_amount_check" CHECK ("amount" > 0),
  CONSTRAINT "refund_allocations_status_check" CHECK ("status" IN ('planned', 'pending', 'succeeded', 'failed'))
);
CREATE UNIQUE INDEX "refund_allocations_stripe_refund_id_key" ON "refund_allocations"("stripe_refund_id");
CREATE INDEX "refund_allocations_refund_request_id_idx" ON "refund_allocations"("refund_request_id");
CREATE INDEX "refund_allocations_top_up_id_idx" ON "refund_allocations"("top_up_id");
ALTER TABLE "refund_allocations" ADD CONSTRAINT "refund_allocations_refund_request_id_fkey" FOREIGN KEY ("refund_request_id") REFERENCES "refund_requests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "refund_allocations" ADD CONSTRAINT "refund_allocations_top_up_id_fkey" FOREIGN KEY ("top_up_id") REFERENCES "top_ups"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Why a wallet's `frozen` column is what it is: one row per reason. The sum of active rows equals `frozen`.
CREATE TABLE "wallet_freezes" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "account_id" UUID NOT NULL,
  "kind" TEXT NOT NULL,
  "reference" TEXT NOT NULL,
  "amount" BIGINT NOT NULL,
  "original_amount" BIGINT NOT NULL,
  "status" TEXT NOT NULL DEFAULT 'active',
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "resolved_at" TIMESTAMPTZ(3),
  CONSTRAINT "wallet_freezes_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "wallet_freezes_kind_check" CHECK ("kind" IN ('refund', 'dispute')),
  CONSTRAINT "wallet_freezes_status_check" CHECK ("status" IN ('active', 'released', 'applied')),
  CONSTRAINT "wallet_freezes_amount_check" CHECK ("amount" >= 0 AND "amount" <= "original_amount")
);
CREATE UNIQUE INDEX "wallet_freezes_kind_reference_key" ON "wallet_freezes"("kind", "reference");
CREATE INDEX "wallet_freezes_account_id_status_idx" ON "wallet_freezes"("account_id", "status");
ALTER TABLE "wallet_freezes" ADD CONSTRAINT "wallet_freezes_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "ledger_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The payments a customer sees on the billing page, newest first.
CREATE INDEX "top_ups_user_id_created_at_idx" ON "top_ups"("user_id", "created_at");
CREATE INDEX "refund_requests_user_id_created_at_idx" ON "refund_requests"("user_id", "created_at");
