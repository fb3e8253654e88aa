/**
 * argv → raw flags: `--email a@b.c`, `--email=a@b.c`, and a bare `--admin` (true). A value that starts with "--"
 * is never taken as a value, so a forgotten value reads as a missing one. Positional words are refused.
 */
import { UsageError } from "./command";

export type RawFlags = Record<string, string | true>;

export function parseFlags(argv: string[]): RawFlags {
  const flags: RawFlags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--") || arg === "--") throw new UsageError(`unexpected argument "${arg}" (flags look like --name value)`);
    const body = arg.slice(2);
    const eq = body.indexOf("=");
    const name = eq === -1 ? body : body.slice(0, eq);
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new UsageError(`"${arg}" is not a valid flag name`);
    if (name in flags) throw new UsageError(`--${name} is given more than once`);
    if (eq !== -1) {
      flags[name] = body.slice(eq + 1);
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
      flags[name] = argv[++i];
    } else {
      flags[name] = true;
    }
  }
  return flags;
}
