-- Why a request's billed usage is not simply the upstream's report: 'missing' (none, counted locally), 'invalid'
-- (zero or unreadable counts, counted locally), 'clamped' (beyond the model's limits or the hold). Null: trusted.
ALTER TABLE "request_logs" ADD COLUMN "usage_flag" TEXT;
