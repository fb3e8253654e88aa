-- Relay: a channel says whether its upstream speaks OpenAI's Responses API natively (else /v1/responses is
-- converted to chat completions for it).
ALTER TABLE "channels" ADD COLUMN "supports_responses" BOOLEAN NOT NULL DEFAULT false;
