import { z } from "zod";
import { findChannelByName } from "../../../lib/channels/list-channels";
import { setChannelEnabled } from "../../../lib/channels/update-channel";
import { AppError } from "../../../lib/errors";
import { defineCommand } from "../command";
import { text } from "../flag-types";

export default defineCommand({
  name: "channel:disable",
  summary: "Take a channel out of routing (with a reason operators see)",
  usage: "channel:disable --name N [--reason TEXT]",
  flags: z.object({ name: text("the channel's name"), reason: text("why it is disabled").optional() }),
  async run({ flags, out }) {
    const channel = await findChannelByName(flags.name.trim());
    if (!channel) throw new AppError("not_found", `No channel named "${flags.name}"`);
    await setChannelEnabled({ id: channel.id, isEnabled: false, reason: flags.reason, actor: { kind: "cli" } });
    out(`Channel "${channel.name}" disabled`);
  },
});
