import { z } from "zod";
import { findChannelByName } from "../../../lib/channels/list-channels";
import { AppError } from "../../../lib/errors";
import { listUpstreamModels } from "../../../lib/relay/list-upstream-models";
import { defineCommand } from "../command";
import { text } from "../flag-types";

export default defineCommand({
  name: "channel:models",
  summary: "List the models an upstream account offers (a saved channel's, or a URL and key's), one id per line",
  usage: "channel:models --name N | channel:models --type openai|anthropic|gemini --base-url U --key K",
  flags: z
    .object({
      name: text("a saved channel's name").optional(),
      type: z.enum(["openai", "anthropic", "gemini"], { message: "must be openai, anthropic or gemini" }).optional(),
      "base-url": text("the upstream base URL, e.g. https://api.openai.com/v1 or https://api.anthropic.com").optional(),
      key: text("an upstream API key").optional(),
    })
    .refine((flags) => (flags.name === undefined) !== (flags.type === undefined && flags["base-url"] === undefined && flags.key === undefined), {
      message: "give either --name, or --type, --base-url and --key",
      path: ["name"],
    })
    .refine((flags) => flags.name !== undefined || (flags.type !== undefined && flags["base-url"] !== undefined && flags.key !== undefined), {
      message: "give --type, --base-url and --key together",
      path: ["type"],
    }),
  async run({ flags, out }) {
    let models: string[];
    if (flags.name !== undefined) {
      const channel = await findChannelByName(flags.name.trim());
      if (!channel) throw new AppError("not_found", `No channel named "${flags.name}"`);
      models = await listUpstreamModels({ channelId: channel.id });
    } else {
      models = await listUpstreamModels({ type: flags.type!, baseUrl: flags["base-url"]!, secret: flags.key! });
    }
    if (models.length === 0) out("The upstream lists no models");
    for (const id of models) out(id);
  },
});
