import { z } from "zod";
import { defineCommand, UsageError } from "../command";
import { describeCommands, loadCommands } from "../registry";

export default defineCommand({
  name: "help",
  summary: "List the commands, or show one command's usage",
  usage: "help [--command NAME]   (or: help NAME)",
  flags: z.object({ command: z.string().optional() }),
  needsDatabase: false,
  async run({ flags, out }) {
    const commands = await loadCommands();
    const name = flags.command;
    if (name) {
      const command = commands.get(name);
      if (!command) throw new UsageError(`Unknown command "${name}". Commands: ${[...commands.keys()].sort().join(", ")}`);
      out(`${command.name} — ${command.summary}`);
      out(`Usage: npm run ctl -- ${command.usage}`);
      return 0;
    }
    out("Usage: npm run ctl -- <command> [--flag value …]\n\nCommands:");
    for (const line of describeCommands(commands)) out(line);
    out("\nnpm run ctl -- help <command> shows a command's flags.");
    return 0;
  },
});
