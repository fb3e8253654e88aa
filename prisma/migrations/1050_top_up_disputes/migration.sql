-- Card disputes per top-up. A charge with an open dispute cannot be refunded (Stripe answers `charge_disputed`), and
-- the money lost in a dispute is gone from that charge, so what a charge can still refund needs its disputes:
-- amount − refunded − refunds on their way − lost disputes, and nothing while one is open
-- (lib/payments/refunds/refundable-charges.ts). Written by the charge.dispute.created / .closed webhooks in the same
-- transaction as the dispute's freeze. Before this table a dispute was known only by its freeze (no top-up) and its
-- audit rows.
CREATE TABLE "top_up_disputes" (
  -- Stripe's dispute id (dp_…)
  "id" TEXT NOT NULL,
  "top_up_id" UUID NOT NULL,
  -- what Stripe says is disputed (micro-units); at most what the charge had not refunded
  "amount" BIGINT NOT NULL,
  "status" TEXT NOT NULL DEFAULT 'open',
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "closed_at" TIMESTAMPTZ(3),
  CONSTRAINT "top_up_disputes_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "top_up_disputes_amount_check" CHECK ("amount" >= 0),
  CONSTRAINT "top_up_disputes_status_check" CHECK ("status" IN ('open', 'won', 'lost')),
  CONSTRAINT "top_up_disputes_closed_check" CHECK (("status" = 'open') = ("closed_at" IS NULL))
);
CREATE INDEX "top_up_disputes_top_up_id_idx" ON "top_up_disputes"("top_up_id");
ALTER TABLE "top_up_disputes" ADD CONSTRAINT "top_up_disputes_top_up_id_fkey" FOREIGN KEY ("top_up_id") REFERENCES "top_ups"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The disputes recorded before this migration, from the audit rows the webhooks wrote with each one (target: the
-- top-up; details.disputeId, details.disputed in micro-units as text): dispute.created when it opened, dispute.lost
-- or dispute.closed (won, or an inquiry closed without a chargeback) when it closed. A closing row's amount is the
-- one the ledger debited, so it wins over the opening row's.
INSERT INTO "top_up_disputes" ("id", "top_up_id", "amount", "status", "created_at", "closed_at")
SELECT d."dispute_id", t."id",
       coalesce(d."closed_amount", d."opened_amount", 0),
       CASE WHEN d."is_lost" THEN 'lost' WHEN d."closed_at" IS NOT NULL THEN 'won' ELSE 'open' END,
       least(d."opened_at", d."closed_at"),
       d."closed_at"
  FROM (SELECT a."details"->>'disputeId' AS "dispute_id",
               min(a."target_id") AS "target_id",
               max(greatest((a."details"->>'disputed')::bigint, 0)) FILTER (WHERE a."action" = 'dispute.created') AS "opened_amount",
               max(greatest((a."details"->>'disputed')::bigint, 0)) FILTER (WHERE a."action" IN ('dispute.lost', 'dispute.closed')) AS "closed_amount",
               min(a."created_at") FILTER (WHERE a."action" = 'dispute.created') AS "opened_at",
               min(a."created_at") FILTER (WHERE a."action" IN ('dispute.lost', 'dispute.closed')) AS "closed_at",
               bool_or(a."action" = 'dispute.lost') AS "is_lost"
          FROM "audit_logs" a
         WHERE a."action" IN ('dispute.created', 'dispute.lost', 'dispute.closed')
           AND a."target_type" = 'top_up'
           AND a."details"->>'disputeId' IS NOT NULL
           AND a."target_id" ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
         GROUP BY a."details"->>'disputeId') d
  JOIN "top_ups" t ON t."id" = d."target_id"::uuid;
