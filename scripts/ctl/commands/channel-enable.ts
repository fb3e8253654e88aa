import { z } from "zod";
import { findChannelByName } from "../../../lib/channels/list-channels";
import { setChannelEnabled } from "../../../lib/channels/update-channel";
import { AppError } from "../../../lib/errors";
import { defineCommand } from "../command";
import { text } from "../flag-types";

export default defineCommand({
  name: "channel:enable",
  summary: "Put a channel back into routing",
  usage: "channel:enable --name N",
  flags: z.object({ name: text("the channel's name") }),
  async run({ flags, out }) {
    const channel = await findChannelByName(flags.name.trim());
    if (!channel) throw new AppError("not_found", `No channel named "${flags.name}"`);
    await setChannelEnabled({ id: channel.id, isEnabled: true, actor: { kind: "cli" } });
    out(`Channel "${channel.name}" enabled`);
  },
});
