import { z } from "zod";
import { setGroupMultiplier } from "../../../lib/billing/pricing";
import { parseUsd } from "../../../lib/money";
import { defineCommand } from "../command";
import { text } from "../flag-types";

/** "0.9" → 900_000 ppm, exactly (6 decimals at most). */
const multiplier = text("a price multiplier, like 0.9 for 10% off or 1.2 for 20% more").transform((value, ctx) => {
  const ppm = parseUsd(value);
  if (ppm === undefined || ppm <= 0n || ppm > 1_000_000_000n) {
    ctx.addIssue({ code: "custom", message: `"${value}" is not a positive multiplier (like 0.9 or 1.25, at most 6 decimals)` });
    return z.NEVER;
  }
  return Number(ppm);
});

export default defineCommand({
  name: "group:set",
  summary: "Create a customer group or change its price multiplier (0.9 = 10% off)",
  usage: "group:set --name N --multiplier 0.9",
  flags: z.object({ name: text("the group's name"), multiplier }),
  async run({ flags, out }) {
    const group = await setGroupMultiplier({ name: flags.name, multiplierPpm: flags.multiplier, actor: { kind: "cli" } });
    out(`Group ${group.name}: prices × ${(group.multiplierPpm / 1_000_000).toString()} (${group.multiplierPpm} ppm).`);
  },
});
