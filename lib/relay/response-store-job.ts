import "server-only";
/**
 * The response store's sweeper: deletes stored Responses conversations and id → channel mappings past their
 * 30-day expiry (cluster-wide job, one instance at a time).
 */
import { registerJob } from "../jobs";
import { sweepExpiredResponses } from "./response-store";

registerJob({
  name: "relay.expire-responses",
  everyMs: 10 * 60_000,
  run: async () => {
    await sweepExpiredResponses();
  },
});
