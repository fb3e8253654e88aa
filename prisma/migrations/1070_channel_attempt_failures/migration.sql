-- Attempts a request made on a channel that failed before another channel was tried. A request's log row names only
-- the channel of its final attempt, so a channel that keeps failing while its failover partner answers looked
-- healthy in the operator's figures (the live circuit saw it; the 5- and 60-minute figures did not). Written with
-- the request's log row (lib/usage/record-request.ts), read by the channel table's health (lib/admin/
-- list-channels-with-health.ts). No prompt or response text, like the request log.
CREATE TABLE "channel_attempt_failures" (
  "request_id" TEXT NOT NULL,
  -- the failure's place among the request's failed attempts (1, 2, …)
  "seq" INTEGER NOT NULL,
  -- no foreign key, as in request_logs: the rows outlive a deleted channel
  "channel_id" UUID NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL,
  -- what the attempt's failure would have answered the client (502, 503, 504, 429…) and its error code
  "status" INTEGER NOT NULL,
  "error_code" TEXT NOT NULL,
  CONSTRAINT "channel_attempt_failures_pkey" PRIMARY KEY ("request_id", "seq")
);
CREATE INDEX "channel_attempt_failures_channel_id_created_at_idx" ON "channel_attempt_failures"("channel_id", "created_at");
