import { z } from "zod";
import { assignUserGroup } from "../../../lib/billing/pricing";
import { defineCommand } from "../command";
import { switchFlag, text } from "../flag-types";

export default defineCommand({
  name: "group:assign",
  summary: "Put an account in a customer group (its keys then pay the group's prices), or take it out with --none",
  usage: "group:assign --email E (--group N | --none)",
  flags: z.object({ email: text("the account's email"), group: text("the group's name").optional(), none: switchFlag }),
  async run({ flags, out, err }) {
    if (!flags.group === !flags.none) {
      err("Give exactly one of --group N or --none.");
      return 2;
    }
    await assignUserGroup({ email: flags.email, group: flags.none ? null : (flags.group ?? null), actor: { kind: "cli" } });
    out(flags.none ? `${flags.email.trim().toLowerCase()} is in no group now (list prices).` : `${flags.email.trim().toLowerCase()} is in group ${flags.group} now.`);
  },
});
