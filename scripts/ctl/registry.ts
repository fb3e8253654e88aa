/**
 * Finds the CLI's commands: every module in scripts/ctl/commands/ (tests excepted) default-exports one.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { CtlCommand } from "./command";

export const COMMANDS_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), "commands");

function isCommand(value: unknown): value is CtlCommand {
  const candidate = value as Partial<CtlCommand> | null;
  return Boolean(candidate && typeof candidate.name === "string" && typeof candidate.run === "function" && candidate.flags && typeof candidate.usage === "string");
}

export async function loadCommands(dir = COMMANDS_DIR): Promise<Map<string, CtlCommand>> {
  const files = fs
    .readdirSync(dir)
    .filter((file) => /\.(ts|mts|js|mjs)$/.test(file) && !/\.test\.|\.d\.ts$/.test(file))
    .sort();
  const commands = new Map<string, CtlCommand>();
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: unknown };
    if (!isCommand(module.default)) throw new Error(`scripts/ctl/commands/${file} must default-export defineCommand({ name, summary, usage, flags, run })`);
    const existing = commands.get(module.default.name);
    if (existing) throw new Error(`two CLI commands are named "${module.default.name}" (${file})`);
    commands.set(module.default.name, module.default);
  }
  return commands;
}

/** "  name   summary" lines, sorted, for help. */
export function describeCommands(commands: Map<string, CtlCommand>): string[] {
  const width = Math.max(...[...commands.keys()].map((name) => name.length));
  return [...commands.values()].sort((a, b) => a.name.localeCompare(b.name)).map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
}
