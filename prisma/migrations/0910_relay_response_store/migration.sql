-- Responses API conversations the relay keeps so that `previous_response_id` works on channels without the
-- Responses API (converted requests), and the channel that produced a native response (so follow-ups go back to
-- the same upstream account). Scoped to the owner (org or user) of the key that made it; expires after 30 days.
-- `state` is AES-256-GCM ciphertext (lib/relay/response-store-crypto.ts) and is null for native responses: the
-- relay keeps no text of those, only the id → channel mapping.
CREATE TABLE "relay_responses" (
  "id" TEXT NOT NULL,
  "owner_id" UUID NOT NULL,
  "channel_id" UUID,
  "is_converted" BOOLEAN NOT NULL,
  "state" TEXT,
  "state_bytes" INTEGER NOT NULL DEFAULT 0,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "relay_responses_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "relay_responses_expires_at_idx" ON "relay_responses"("expires_at");
