/**
 * The shape of an operator CLI command. Each file in scripts/ctl/commands/ default-exports one, and the CLI
 * discovers it by itself: add a command by adding a file, no shared list to edit.
 *
 *   export default defineCommand({
 *     name: "channel:list",
 *     summary: "List upstream channels",
 *     usage: "channel:list [--all]",
 *     flags: z.object({ all: z.boolean().optional() }),
 *     async run({ flags, out }) { out("…"); return 0; },
 *   });
 *
 * Flags arrive as `--name value`, `--name=value` or a bare `--name` (true). `flags` is a zod object: unknown or
 * malformed flags are refused (exit 2) before the database starts, so bad input changes nothing. `run` returns the
 * exit code (0 when it returns nothing); a thrown AppError prints its message and exits 1.
 */
import type { z } from "zod";

export type CommandIo = {
  /** A line on stdout. */
  out: (line: string) => void;
  /** A line on stderr. */
  err: (line: string) => void;
};

export type FlagsSchema = z.ZodObject<z.ZodRawShape>;

export type CtlCommand<S extends FlagsSchema = FlagsSchema> = {
  name: string;
  summary: string;
  usage: string;
  flags: S;
  /** Commands that only print (help) skip starting the database. */
  needsDatabase?: boolean;
  run: (args: { flags: z.output<S> } & CommandIo) => Promise<number | void> | number | void;
};

export function defineCommand<S extends FlagsSchema>(command: CtlCommand<S>): CtlCommand<S> {
  return command;
}

/** An error the operator can fix: printed as is, exit code 2 (bad input), nothing changed. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
