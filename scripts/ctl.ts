/**
 * The operator CLI: `npm run ctl -- <command> [--flag value …]`. Commands live one per file in
 * scripts/ctl/commands/ and are found by themselves (see scripts/ctl/command.ts for their shape).
 *
 * Exit codes: 0 done · 1 the command failed (its message says why) · 2 bad input (unknown command, missing or
 * malformed flag), in which case nothing was changed and the database was not even started.
 */
import { AppError, isAppError } from "../lib/errors";
import { UsageError, type CommandIo } from "./ctl/command";
import { formatFlagIssues } from "./ctl/format-issues";
import { parseFlags } from "./ctl/parse-flags";
import { describeCommands, loadCommands } from "./ctl/registry";

const io: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

async function runWithDatabase(work: () => Promise<number>): Promise<number> {
  const { bootstrapDatabase } = await import("../lib/db/bootstrap");
  const database = await bootstrapDatabase();
  // with REDIS_URL, keys this command changes are evicted from every instance's cache when it finishes
  const { publishKeyEvictions } = await import("../lib/cluster/publish-key-evictions");
  const evictions = publishKeyEvictions();
  try {
    return await work();
  } finally {
    await evictions.close();
    const { closeDatabase } = await import("../lib/db");
    await closeDatabase();
    await database.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  const commands = await loadCommands();
  const [name, ...args] = argv;
  // `help user:create` reads better than `help --command user:create`.
  const rest = name === "help" && args[0] && !args[0].startsWith("--") ? ["--command", ...args] : args;
  if (!name || name === "--help" || name === "-h") {
    // Asked for help: stdout, exit 0. No command at all is a usage error: stderr, exit 2.
    const print = name ? io.out : io.err;
    print("Usage: npm run ctl -- <command> [--flag value …]\n\nCommands:");
    for (const line of describeCommands(commands)) print(line);
    print("\nnpm run ctl -- help <command> shows a command's flags.");
    return name ? 0 : 2;
  }
  const command = commands.get(name);
  // `key:create --help` is how most command-line tools are asked: the command's usage, as `help key:create` shows it
  if (command && name !== "help" && (args.includes("--help") || args.includes("-h"))) return main(["help", name]);
  if (!command) {
    io.err(`Unknown command "${name}".`);
    io.err(`Commands: ${[...commands.keys()].sort().join(", ")}`);
    io.err("Run `npm run ctl -- help` for the list.");
    return 2;
  }

  let flags: unknown;
  try {
    const raw = parseFlags(rest);
    const parsed = command.flags.strict().safeParse(raw);
    if (!parsed.success) {
      for (const line of formatFlagIssues(parsed.error, raw)) io.err(line);
      io.err(`Usage: npm run ctl -- ${command.usage}`);
      return 2;
    }
    flags = parsed.data;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      io.err(`Usage: npm run ctl -- ${command.usage}`);
      return 2;
    }
    throw error;
  }

  const execute = async () => (await command.run({ flags: flags as never, ...io })) ?? 0;
  try {
    return command.needsDatabase === false ? await execute() : await runWithDatabase(execute);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      io.err(`Usage: npm run ctl -- ${command.usage}`);
      return 2;
    }
    if (isAppError(error)) {
      const fields = Object.entries((error as AppError).fieldErrors ?? {});
      const isBadInput = error.code === "validation_failed" || error.code === "bad_request" || error.code === "invalid_json";
      if (fields.length > 0) for (const [field, message] of fields) io.err(`--${field}: ${message}`);
      else io.err(`Error: ${error.message}`);
      if (!isBadInput) return 1;
      io.err(`Usage: npm run ctl -- ${command.usage}`);
      return 2;
    }
    io.err(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    io.err(`Error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
