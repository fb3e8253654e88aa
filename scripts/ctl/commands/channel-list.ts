import { z } from "zod";
import { listChannels } from "../../../lib/channels/list-channels";
import { channelHealth } from "../../../lib/relay/routing/health";
import { defineCommand } from "../command";

export default defineCommand({
  name: "channel:list",
  summary: "List upstream channels: type, base URL, models, priority, weight, status (never the keys)",
  usage: "channel:list [--json]",
  flags: z.object({ json: z.literal(true).optional() }),
  async run({ flags, out }) {
    const channels = await listChannels();
    if (flags.json) {
      out(JSON.stringify(channels, null, 2));
      return;
    }
    if (channels.length === 0) {
      out("No channels yet: add one with channel:add");
      return;
    }
    for (const c of channels) {
      const status = c.isEnabled ? "enabled" : `disabled${c.disabledReason ? ` (${c.disabledReason})` : ""}`;
      const mapping = Object.entries(c.modelMapping).map(([from, to]) => `${from}→${to}`).join(",");
      const health = channelHealth(c.id);
      out(
        [
          c.name,
          c.type,
          c.baseUrl,
          `models=${c.models.join(",")}`,
          mapping ? `map=${mapping}` : null,
          `priority=${c.priority}`,
          `weight=${c.weight}`,
          `timeout=${c.timeoutMs}ms`,
          `keys=${c.secretHints.join(" ")}`,
          c.supportsResponses ? "responses-api" : null,
          status,
          health.requests > 0 ? `health=${health.state}` : null,
          c.id,
        ]
          .filter(Boolean)
          .join("  "),
      );
    }
  },
});
