-- Operator console: the audit log filtered by action or by actor stays on an index, and a channel's live health
-- (success rate and latency percentiles over the last hour) reads only that channel's recent log rows.
CREATE INDEX "audit_logs_action_created_at_idx" ON "audit_logs"("action", "created_at" DESC);
CREATE INDEX "audit_logs_actor_id_created_at_idx" ON "audit_logs"("actor_id", "created_at" DESC);
CREATE INDEX "request_logs_channel_id_created_at_idx" ON "request_logs"("channel_id", "created_at" DESC);
