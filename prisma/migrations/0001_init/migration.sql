-- Switchyard initial schema. Mirrors prisma/schema.prisma; lib/db/schema.test.ts checks every model against it.

CREATE TABLE "users" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "email" TEXT NOT NULL,
  "name" TEXT,
  "password_hash" TEXT,
  "is_operator" BOOLEAN NOT NULL DEFAULT false,
  "disabled_at" TIMESTAMPTZ(3),
  "group_id" UUID,
  "locale" TEXT NOT NULL DEFAULT 'en',
  "low_balance_threshold" BIGINT,
  "low_balance_notified_at" TIMESTAMPTZ(3),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "users_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "users_email_lower" CHECK ("email" = lower("email"))
);
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

CREATE TABLE "auth_sessions" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "user_id" UUID NOT NULL,
  "user_agent" TEXT,
  "ip" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  "revoked_at" TIMESTAMPTZ(3),
  CONSTRAINT "auth_sessions_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "auth_sessions_user_id_idx" ON "auth_sessions"("user_id");

CREATE TABLE "password_reset_tokens" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "user_id" UUID NOT NULL,
  "token_hash" TEXT NOT NULL,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  "used_at" TIMESTAMPTZ(3),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "password_reset_tokens_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "password_reset_tokens_token_hash_key" ON "password_reset_tokens"("token_hash");
CREATE INDEX "password_reset_tokens_user_id_idx" ON "password_reset_tokens"("user_id");

CREATE TABLE "outbox_messages" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "to" TEXT NOT NULL,
  "subject" TEXT NOT NULL,
  "text" TEXT NOT NULL,
  "html" TEXT,
  "kind" TEXT NOT NULL,
  "status" TEXT NOT NULL DEFAULT 'pending',
  "error" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "sent_at" TIMESTAMPTZ(3),
  CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "outbox_messages_to_created_at_idx" ON "outbox_messages"("to", "created_at");
CREATE INDEX "outbox_messages_created_at_idx" ON "outbox_messages"("created_at");

CREATE TABLE "organizations" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "name" TEXT NOT NULL,
  "slug" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "deleted_at" TIMESTAMPTZ(3),
  CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "organizations_slug_key" ON "organizations"("slug");

CREATE TABLE "memberships" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "org_id" UUID NOT NULL,
  "user_id" UUID NOT NULL,
  "role" TEXT NOT NULL,
  "monthly_allowance" BIGINT NOT NULL DEFAULT 0,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "removed_at" TIMESTAMPTZ(3),
  CONSTRAINT "memberships_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "memberships_role_check" CHECK ("role" IN ('owner', 'admin', 'member', 'billing')),
  CONSTRAINT "memberships_allowance_check" CHECK ("monthly_allowance" >= 0)
);
CREATE UNIQUE INDEX "memberships_org_id_user_id_key" ON "memberships"("org_id", "user_id");
CREATE INDEX "memberships_user_id_idx" ON "memberships"("user_id");

CREATE TABLE "allowance_usage" (
  "membership_id" UUID NOT NULL,
  "month" TEXT NOT NULL,
  "spent" BIGINT NOT NULL DEFAULT 0,
  "held" BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT "allowance_usage_pkey" PRIMARY KEY ("membership_id", "month"),
  CONSTRAINT "allowance_usage_nonneg" CHECK ("spent" >= 0 AND "held" >= 0)
);

CREATE TABLE "invitations" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "org_id" UUID NOT NULL,
  "email" TEXT,
  "role" TEXT NOT NULL,
  "token_hash" TEXT NOT NULL,
  "max_uses" INTEGER NOT NULL DEFAULT 1,
  "uses" INTEGER NOT NULL DEFAULT 0,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  "revoked_at" TIMESTAMPTZ(3),
  "created_by" UUID NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "invitations_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "invitations_uses_check" CHECK ("uses" >= 0 AND "uses" <= "max_uses")
);
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations"("token_hash");
CREATE INDEX "invitations_org_id_idx" ON "invitations"("org_id");

CREATE TABLE "api_keys" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "user_id" UUID NOT NULL,
  "org_id" UUID,
  "name" TEXT NOT NULL,
  "secret_hash" TEXT NOT NULL,
  "prefix" TEXT NOT NULL,
  "last4" TEXT NOT NULL,
  "is_enabled" BOOLEAN NOT NULL DEFAULT true,
  "credit_cap" BIGINT NOT NULL DEFAULT 0,
  "spent" BIGINT NOT NULL DEFAULT 0,
  "held" BIGINT NOT NULL DEFAULT 0,
  "allowed_models" TEXT[] DEFAULT ARRAY[]::TEXT[],
  "allowed_ips" TEXT[] DEFAULT ARRAY[]::TEXT[],
  "group_id" UUID,
  "rpm_limit" INTEGER,
  "concurrency_limit" INTEGER NOT NULL DEFAULT 100,
  "expires_at" TIMESTAMPTZ(3),
  "last_used_at" TIMESTAMPTZ(3),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "deleted_at" TIMESTAMPTZ(3),
  CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "api_keys_money_check" CHECK ("credit_cap" >= 0 AND "spent" >= 0 AND "held" >= 0)
);
CREATE UNIQUE INDEX "api_keys_secret_hash_key" ON "api_keys"("secret_hash");
CREATE INDEX "api_keys_user_id_created_at_idx" ON "api_keys"("user_id", "created_at");
CREATE INDEX "api_keys_org_id_created_at_idx" ON "api_keys"("org_id", "created_at");

CREATE TABLE "customer_groups" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "name" TEXT NOT NULL,
  "description" TEXT,
  "multiplier_ppm" INTEGER NOT NULL DEFAULT 1000000,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "customer_groups_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "customer_groups_multiplier_check" CHECK ("multiplier_ppm" > 0)
);
CREATE UNIQUE INDEX "customer_groups_name_key" ON "customer_groups"("name");

CREATE TABLE "models" (
  "id" TEXT NOT NULL,
  "vendor" TEXT NOT NULL,
  "display_name" TEXT,
  "kind" TEXT NOT NULL DEFAULT 'chat',
  "context_window" INTEGER NOT NULL DEFAULT 128000,
  "max_output_tokens" INTEGER NOT NULL DEFAULT 8192,
  "modalities" TEXT[] DEFAULT ARRAY['text']::TEXT[],
  "is_visible" BOOLEAN NOT NULL DEFAULT true,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "models_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "model_prices" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "model_id" TEXT NOT NULL,
  "input_per_m" BIGINT NOT NULL,
  "output_per_m" BIGINT NOT NULL,
  "cache_read_per_m" BIGINT,
  "cache_write_per_m" BIGINT,
  "per_image" BIGINT,
  "effective_from" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "created_by" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "model_prices_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "model_prices_nonneg" CHECK ("input_per_m" >= 0 AND "output_per_m" >= 0
    AND coalesce("cache_read_per_m", 0) >= 0 AND coalesce("cache_write_per_m", 0) >= 0 AND coalesce("per_image", 0) >= 0)
);
CREATE INDEX "model_prices_model_id_effective_from_idx" ON "model_prices"("model_id", "effective_from");

CREATE TABLE "settings" (
  "key" TEXT NOT NULL,
  "value" JSONB NOT NULL,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "ledger_accounts" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "kind" TEXT NOT NULL,
  "code" TEXT,
  "user_id" UUID,
  "org_id" UUID,
  "currency" TEXT NOT NULL DEFAULT 'USD',
  "paid" BIGINT NOT NULL DEFAULT 0,
  "trial" BIGINT NOT NULL DEFAULT 0,
  "held" BIGINT NOT NULL DEFAULT 0,
  "frozen" BIGINT NOT NULL DEFAULT 0,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ledger_accounts_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "ledger_accounts_kind_check" CHECK ("kind" IN ('user_wallet', 'org_wallet', 'system')),
  CONSTRAINT "ledger_accounts_owner_check" CHECK (
    ("kind" = 'user_wallet' AND "user_id" IS NOT NULL AND "org_id" IS NULL AND "code" IS NULL) OR
    ("kind" = 'org_wallet' AND "org_id" IS NOT NULL AND "user_id" IS NULL AND "code" IS NULL) OR
    ("kind" = 'system' AND "code" IS NOT NULL AND "user_id" IS NULL AND "org_id" IS NULL)),
  -- A wallet can never go below zero, nor reserve or freeze more than it has.
  CONSTRAINT "ledger_accounts_wallet_nonneg" CHECK ("kind" = 'system' OR (
    "paid" >= 0 AND "trial" >= 0 AND "held" >= 0 AND "frozen" >= 0 AND "held" + "frozen" <= "paid" + "trial"))
);
CREATE UNIQUE INDEX "ledger_accounts_code_key" ON "ledger_accounts"("code");
CREATE UNIQUE INDEX "ledger_accounts_user_id_key" ON "ledger_accounts"("user_id");
CREATE UNIQUE INDEX "ledger_accounts_org_id_key" ON "ledger_accounts"("org_id");

CREATE TABLE "ledger_transactions" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "kind" TEXT NOT NULL,
  "idempotency_key" TEXT NOT NULL,
  "memo" TEXT,
  "actor_id" TEXT,
  "request_id" TEXT,
  "metadata" JSONB,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ledger_transactions_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ledger_transactions_idempotency_key_key" ON "ledger_transactions"("idempotency_key");
CREATE INDEX "ledger_transactions_created_at_idx" ON "ledger_transactions"("created_at");

CREATE TABLE "ledger_entries" (
  "id" BIGSERIAL NOT NULL,
  "transaction_id" UUID NOT NULL,
  "account_id" UUID NOT NULL,
  "bucket" TEXT NOT NULL,
  "amount" BIGINT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "ledger_entries_bucket_check" CHECK ("bucket" IN ('paid', 'trial', 'system')),
  CONSTRAINT "ledger_entries_nonzero" CHECK ("amount" <> 0)
);
CREATE INDEX "ledger_entries_account_id_id_idx" ON "ledger_entries"("account_id", "id");
CREATE INDEX "ledger_entries_transaction_id_idx" ON "ledger_entries"("transaction_id");

CREATE TABLE "holds" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "account_id" UUID NOT NULL,
  "api_key_id" UUID,
  "membership_id" UUID,
  "allowance_month" TEXT,
  "amount" BIGINT NOT NULL,
  "status" TEXT NOT NULL DEFAULT 'pending',
  "settled_amount" BIGINT,
  "idempotency_key" TEXT NOT NULL,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "resolved_at" TIMESTAMPTZ(3),
  CONSTRAINT "holds_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "holds_status_check" CHECK ("status" IN ('pending', 'settled', 'voided', 'expired')),
  CONSTRAINT "holds_amount_check" CHECK ("amount" >= 0),
  CONSTRAINT "holds_resolution_check" CHECK (("status" = 'pending') = ("resolved_at" IS NULL)
    AND ("status" = 'settled') = ("settled_amount" IS NOT NULL))
);
CREATE UNIQUE INDEX "holds_idempotency_key_key" ON "holds"("idempotency_key");
CREATE INDEX "holds_status_expires_at_idx" ON "holds"("status", "expires_at");

CREATE TABLE "channels" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "name" TEXT NOT NULL,
  "type" TEXT NOT NULL,
  "base_url" TEXT NOT NULL,
  "secrets" TEXT[] DEFAULT ARRAY[]::TEXT[],
  "secret_hints" TEXT[] DEFAULT ARRAY[]::TEXT[],
  "models" TEXT[] DEFAULT ARRAY[]::TEXT[],
  "model_mapping" JSONB NOT NULL DEFAULT '{}',
  "priority" INTEGER NOT NULL DEFAULT 0,
  "weight" INTEGER NOT NULL DEFAULT 1,
  "timeout_ms" INTEGER NOT NULL DEFAULT 120000,
  "cost_ratio_ppm" INTEGER NOT NULL DEFAULT 1000000,
  "is_enabled" BOOLEAN NOT NULL DEFAULT true,
  "disabled_reason" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "channels_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "channels_type_check" CHECK ("type" IN ('openai', 'anthropic', 'gemini')),
  CONSTRAINT "channels_weight_check" CHECK ("weight" >= 0 AND "timeout_ms" > 0 AND "cost_ratio_ppm" >= 0)
);
CREATE UNIQUE INDEX "channels_name_key" ON "channels"("name");

CREATE TABLE "request_logs" (
  "id" BIGSERIAL NOT NULL,
  "request_id" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "user_id" UUID NOT NULL,
  "org_id" UUID,
  "membership_id" UUID,
  "api_key_id" UUID,
  "endpoint" TEXT NOT NULL,
  "model" TEXT NOT NULL,
  "channel_id" UUID,
  "attempts" INTEGER NOT NULL DEFAULT 1,
  "is_stream" BOOLEAN NOT NULL DEFAULT false,
  "status" INTEGER NOT NULL,
  "error_code" TEXT,
  "input_tokens" INTEGER NOT NULL DEFAULT 0,
  "cache_read_tokens" INTEGER NOT NULL DEFAULT 0,
  "cache_write_tokens" INTEGER NOT NULL DEFAULT 0,
  "output_tokens" INTEGER NOT NULL DEFAULT 0,
  "reasoning_tokens" INTEGER NOT NULL DEFAULT 0,
  "image_count" INTEGER NOT NULL DEFAULT 0,
  "cost" BIGINT NOT NULL DEFAULT 0,
  "upstream_cost" BIGINT NOT NULL DEFAULT 0,
  "latency_ms" INTEGER NOT NULL DEFAULT 0,
  "ttft_ms" INTEGER,
  "usage_estimated" BOOLEAN NOT NULL DEFAULT false,
  "client_ip" TEXT,
  CONSTRAINT "request_logs_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "request_logs_request_id_key" ON "request_logs"("request_id");
CREATE INDEX "request_logs_user_id_created_at_id_idx" ON "request_logs"("user_id", "created_at" DESC, "id" DESC);
CREATE INDEX "request_logs_org_id_created_at_id_idx" ON "request_logs"("org_id", "created_at" DESC, "id" DESC);
CREATE INDEX "request_logs_api_key_id_created_at_id_idx" ON "request_logs"("api_key_id", "created_at" DESC, "id" DESC);
CREATE INDEX "request_logs_created_at_idx" ON "request_logs"("created_at");

CREATE TABLE "usage_rollups" (
  "hour" TIMESTAMPTZ(3) NOT NULL,
  "user_id" UUID NOT NULL,
  "org_id" UUID NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
  "api_key_id" UUID NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
  "model" TEXT NOT NULL,
  "channel_id" UUID NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
  "requests" INTEGER NOT NULL DEFAULT 0,
  "errors" INTEGER NOT NULL DEFAULT 0,
  "input_tokens" BIGINT NOT NULL DEFAULT 0,
  "cache_read_tokens" BIGINT NOT NULL DEFAULT 0,
  "cache_write_tokens" BIGINT NOT NULL DEFAULT 0,
  "output_tokens" BIGINT NOT NULL DEFAULT 0,
  "reasoning_tokens" BIGINT NOT NULL DEFAULT 0,
  "cost" BIGINT NOT NULL DEFAULT 0,
  "upstream_cost" BIGINT NOT NULL DEFAULT 0,
  "latency_ms_sum" BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT "usage_rollups_pkey" PRIMARY KEY ("hour", "user_id", "org_id", "api_key_id", "model", "channel_id")
);
CREATE INDEX "usage_rollups_org_id_hour_idx" ON "usage_rollups"("org_id", "hour");
CREATE INDEX "usage_rollups_user_id_hour_idx" ON "usage_rollups"("user_id", "hour");

CREATE TABLE "top_ups" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "account_id" UUID NOT NULL,
  "user_id" UUID NOT NULL,
  "stripe_session_id" TEXT,
  "stripe_payment_intent" TEXT,
  "stripe_charge_id" TEXT,
  "amount" BIGINT NOT NULL,
  "refunded" BIGINT NOT NULL DEFAULT 0,
  "currency" TEXT NOT NULL DEFAULT 'usd',
  "status" TEXT NOT NULL DEFAULT 'pending',
  "receipt_url" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "paid_at" TIMESTAMPTZ(3),
  CONSTRAINT "top_ups_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "top_ups_amount_check" CHECK ("amount" > 0 AND "refunded" >= 0 AND "refunded" <= "amount")
);
CREATE UNIQUE INDEX "top_ups_stripe_session_id_key" ON "top_ups"("stripe_session_id");
CREATE UNIQUE INDEX "top_ups_stripe_payment_intent_key" ON "top_ups"("stripe_payment_intent");
CREATE UNIQUE INDEX "top_ups_stripe_charge_id_key" ON "top_ups"("stripe_charge_id");
CREATE INDEX "top_ups_account_id_created_at_idx" ON "top_ups"("account_id", "created_at");

CREATE TABLE "refund_requests" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "account_id" UUID NOT NULL,
  "user_id" UUID NOT NULL,
  "amount" BIGINT NOT NULL,
  "reason" TEXT,
  "status" TEXT NOT NULL DEFAULT 'requested',
  "stripe_refund_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
  "decided_by" UUID,
  "decided_at" TIMESTAMPTZ(3),
  "decision_note" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "refund_requests_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "refund_requests_amount_check" CHECK ("amount" > 0)
);
CREATE INDEX "refund_requests_status_created_at_idx" ON "refund_requests"("status", "created_at");
CREATE INDEX "refund_requests_account_id_created_at_idx" ON "refund_requests"("account_id", "created_at");

CREATE TABLE "stripe_events" (
  "id" TEXT NOT NULL,
  "type" TEXT NOT NULL,
  "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "stripe_events_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "audit_logs" (
  "id" BIGSERIAL NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "actor_id" UUID,
  "actor_kind" TEXT NOT NULL,
  "action" TEXT NOT NULL,
  "target_type" TEXT NOT NULL,
  "target_id" TEXT,
  "org_id" UUID,
  "details" JSONB,
  "ip" TEXT,
  CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "audit_logs_created_at_idx" ON "audit_logs"("created_at");
CREATE INDEX "audit_logs_org_id_created_at_idx" ON "audit_logs"("org_id", "created_at");
CREATE INDEX "audit_logs_target_type_target_id_idx" ON "audit_logs"("target_type", "target_id");

CREATE TABLE "job_leases" (
  "name" TEXT NOT NULL,
  "holder" TEXT NOT NULL,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "job_leases_pkey" PRIMARY KEY ("name")
);

-- Foreign keys
ALTER TABLE "users" ADD CONSTRAINT "users_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "customer_groups"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "password_reset_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "allowance_usage" ADD CONSTRAINT "allowance_usage_membership_id_fkey" FOREIGN KEY ("membership_id") REFERENCES "memberships"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "customer_groups"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "model_prices" ADD CONSTRAINT "model_prices_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "ledger_transactions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "ledger_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "holds" ADD CONSTRAINT "holds_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "ledger_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The ledger is append-only: the database itself refuses to change or remove an entry or a transaction.
CREATE FUNCTION "ledger_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger rows are immutable (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'raise_exception';
END $$;
CREATE TRIGGER "ledger_entries_immutable" BEFORE UPDATE OR DELETE ON "ledger_entries"
  FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"();
CREATE TRIGGER "ledger_entries_no_truncate" BEFORE TRUNCATE ON "ledger_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_refuse_change"();
CREATE TRIGGER "ledger_transactions_immutable" BEFORE UPDATE OR DELETE ON "ledger_transactions"
  FOR EACH ROW EXECUTE FUNCTION "ledger_refuse_change"();
CREATE TRIGGER "ledger_transactions_no_truncate" BEFORE TRUNCATE ON "ledger_transactions"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_refuse_change"();

-- Double entry: at commit, the entries of every transaction touched must sum to zero.
CREATE FUNCTION "ledger_check_balanced"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE total NUMERIC;
BEGIN
  SELECT coalesce(sum("amount"), 0) INTO total FROM "ledger_entries" WHERE "transaction_id" = NEW."transaction_id";
  IF total <> 0 THEN
    RAISE EXCEPTION 'ledger transaction % is unbalanced by %', NEW."transaction_id", total USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER "ledger_entries_balanced" AFTER INSERT ON "ledger_entries"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "ledger_check_balanced"();
