/**
 * Reads a V8 CPU profile of a bench child (`BENCH_PROFILE=/tmp/prof npm run bench -- relay …`) as microseconds per
 * request: the busiest window of the profile (the phase that served the load; start-up and idle phases fall outside),
 * its sample time divided by the requests the process served in it (req/s × seconds from the bench's output).
 * `node --import ./scripts/ts-hooks.mjs bench/cpuprofile-per-request.ts <file.cpuprofile> --requests N [--seconds 10] [--top 40]`
 * Prints self time by function, by file (our lib/ files, packages, Node internals) and inclusive time by function.
 * The profiler's own overhead is in every figure: compare two profiles taken the same way, not with /proc CPU. Line
 * numbers are the transpiled module's (scripts/ts-loader.mjs), and an inlined callee's time is its caller's.
 */
import fs from "node:fs";
import { flag } from "./args";

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };

const args = process.argv.slice(2);
const file = args[0];
const requests = flag(args, "requests", NaN);
const windowUs = flag(args, "seconds", 10) * 1e6;
const top = flag(args, "top", 40);
if (!file || !Number.isFinite(requests) || requests <= 0) {
  console.error("usage: bench/cpuprofile-per-request.ts <file.cpuprofile> --requests N [--seconds 10] [--top 40]");
  process.exit(2);
}

const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const idle = profile.nodes.find((node) => node.callFrame.functionName === "(idle)")?.id;
let clock = profile.startTime;
const times = profile.timeDeltas.map((delta) => (clock += delta));

// the window of `windowUs` with the most non-idle sample time
let best = 0;
let bestStart = times[0] ?? 0;
let busy = 0;
for (let i = 1, j = 0; i < times.length; i++) {
  if (profile.samples[i] !== idle) busy += times[i] - times[i - 1];
  while (times[j] < times[i] - windowUs) {
    if (profile.samples[j + 1] !== idle) busy -= times[j + 1] - times[j];
    j++;
  }
  if (busy > best) {
    best = busy;
    bestStart = times[j];
  }
}

const name = ({ callFrame }: ProfileNode) => `${callFrame.functionName || "(anonymous)"} ${callFrame.url.split("/").slice(-2).join("/")}:${callFrame.lineNumber + 1}`;
function fileOf({ callFrame: { url, functionName } }: ProfileNode): string {
  if (!url) return functionName;
  if (url.includes("node_modules/")) {
    const parts = url.split("node_modules/").pop()!.split("/");
    return `package ${parts[0].startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]}`;
  }
  if (url.startsWith("node:")) return url;
  const lib = url.indexOf("/lib/");
  return lib >= 0 ? url.slice(lib + 1) : url.split("/").slice(-2).join("/");
}

const self = new Map<string, number>();
const files = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
for (let i = 1; i < times.length; i++) {
  if (times[i] < bestStart || times[i] > bestStart + windowUs || profile.samples[i] === idle) continue;
  const us = times[i] - times[i - 1];
  const node = byId.get(profile.samples[i])!;
  total += us;
  add(self, name(node), us);
  add(files, fileOf(node), us);
  const seen = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
    const key = name(byId.get(id)!);
    if (!seen.has(key)) add(inclusive, key, us);
    seen.add(key);
  }
}

const perRequest = (us: number) => `${(us / requests).toFixed(1).padStart(7)} µs`;
const print = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(perRequest(us), key);
};
console.log(`busy ${(total / 1e6).toFixed(2)} s in the busiest ${windowUs / 1e6} s: ${perRequest(total)} per request`);
print("self time by function", self);
print("self time by file or package", files);
print("inclusive time by function", inclusive);
