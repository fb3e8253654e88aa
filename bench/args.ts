/** Command-line flags of the benchmarks. */

/** `--name <number>` from the bench's arguments, or `fallback` when it is absent. */
export function flag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}
