/**
 * `npm run bench -- <name> [args]`: runs one benchmark from bench/<name>.ts. Add a line to BENCHES per benchmark.
 */
export {};

const BENCHES: Record<string, () => Promise<{ run: (args: string[]) => Promise<void> }>> = {
  cluster: () => import("./cluster"),
  ledger: () => import("./ledger"),
  relay: () => import("./relay"),
  "request-log": () => import("./request-log"),
  "relay-callgrind": () => import("./relay-callgrind"),
};

const [name, ...args] = process.argv.slice(2);
const load = name ? BENCHES[name] : undefined;
if (!load) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHES).join("|")}> [args]`);
  process.exit(2);
}
await (await load()).run(args);
process.exit(0);
