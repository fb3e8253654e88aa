/**
 * Relay instructions per request, counted by valgrind's callgrind: repeatable on a shared machine where CPU time is
 * not (other processes' load moves the relay's CPU per request by 2× and more; instruction counts move by a few %).
 * The relay and the plain proxy (the floor) each run under callgrind with instrumentation off; after a warm-up the
 * counting is switched on for a fixed number of requests, and the main thread's total over the requests is the
 * figure. Under valgrind the relay serves a few dozen requests a second, so work that runs per unit of time rather
 * than per request (the channel table's reload, a pool connection's SCRAM handshake, V8 still optimizing) weighs
 * more than it does at full speed: use long warm-ups, and compare builds with the same settings.
 * Same setup, bodies and fake upstream as bench/relay.ts. Needs valgrind (apt-get install valgrind).
 * `npm run bench -- relay-callgrind [--requests 400] [--warmup 3000] [--clients 8] [--only relay]`
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { flag } from "./args";
import { child, DIRECT_HEADERS, JSON_BODY, load, loadAgent, prepare, relayHeaders, STREAM_BODY, stopChildren, tell } from "./relay";

function callgrind(command: string[], pid: number): void {
  execFileSync("callgrind_control", [...command, String(pid)], { stdio: "ignore" });
}

/** Instructions executed (Ir) on the main thread (dump files `callgrind.<pid>.<n>-01`) in the newest dump. */
function dumpedInstructions(dir: string, pid: number): number {
  const dumps = fs.readdirSync(dir).filter((name) => name.startsWith(`callgrind.${pid}.`) && name.endsWith("-01"));
  const newest = dumps.sort((a, b) => Number(a.split(".").at(-1)?.split("-")[0]) - Number(b.split(".").at(-1)?.split("-")[0])).at(-1);
  if (!newest) throw new Error(`no callgrind dump of ${pid} in ${dir}`);
  const totals = /^(?:summary|totals): (\d+)/m.exec(fs.readFileSync(path.join(dir, newest), "utf8"));
  return Number(totals?.[1] ?? NaN);
}

export async function run(args: string[]): Promise<void> {
  const requests = flag(args, "requests", 400);
  const warmup = flag(args, "warmup", 3000);
  const clients = flag(args, "clients", 8);
  const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-callgrind-"));
  const prepared = await prepare();
  await tell(prepared.upstream.proc, { chunks: 20 });
  const agent = loadAgent(clients + 4);
  // main thread only: V8 compiles optimized code and helps the GC on other threads, and the main thread is what
  // limits one process's throughput
  const valgrind = ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--separate-threads=yes", `--callgrind-out-file=${path.join(dir, "callgrind.%p")}`];
  const rows: string[] = [];

  for (const target of ["bare proxy", "relay"] as const) {
    if (only && !target.includes(only)) continue;
    const file = target === "relay" ? "bench/relay-server.ts" : "bench/relay-bare-proxy.ts";
    const started = await child(file, { ...prepared.env, BENCH_UPSTREAM_URL: prepared.upstream.url }, valgrind);
    const pid = started.proc.pid as number;
    const url = `http://127.0.0.1:${String(started.message.port)}/v1/chat/completions`;
    const headers = target === "relay" ? relayHeaders(prepared.secret) : DIRECT_HEADERS;
    for (const [label, body] of [
      ["JSON", JSON_BODY],
      ["stream 20 chunks", STREAM_BODY],
    ] as const) {
      // warm-up until the JIT has settled, then count a fixed number of requests
      await load({ url, headers, body, clients, seconds: 3600, agent, count: warmup });
      callgrind(["-i", "on"], pid);
      callgrind(["-z"], pid);
      const sample = await load({ url, headers, body, clients, seconds: 3600, agent, count: requests });
      callgrind(["-d"], pid);
      callgrind(["-i", "off"], pid);
      const perRequest = dumpedInstructions(dir, pid) / Math.max(1, sample.ok);
      rows.push(`| ${label} | ${target} | ${sample.ok} | ${sample.failed} | ${(perRequest / 1000).toFixed(0)} k |`);
      console.log(rows.at(-1));
    }
    stopChildren(started.proc);
  }

  console.log("");
  console.log(`${clients} clients, ${warmup} warm-up requests, then ${requests} counted (instructions per request, Ir)`);
  console.log("| scenario | path | requests | failed | instructions/req |");
  console.log("|---|---|---|---|---|");
  for (const row of rows) console.log(row);
  await agent.destroy();
  await prepared.stop();
  console.log(`callgrind dumps (callgrind_annotate <file>): ${dir}`);
}
