/**
 * Child process of bench/relay.ts: the relay's production door (the Node handler server.ts mounts), alone in its
 * process so its CPU and memory can be measured. DATABASE_URL comes from the parent.
 */
import fs from "node:fs";
import http from "node:http";
import { Session } from "node:inspector";
import type { AddressInfo } from "node:net";
import { createRelayServerHandler } from "../lib/relay/server-handler";

const handle = createRelayServerHandler();
const server = http.createServer((req, res) => {
  if (!handle(req, res)) res.writeHead(404).end();
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as AddressInfo).port }));
// BENCH_ALLOC_PROFILE=<file>: sample every allocation, garbage included (V8's sampling heap profiler; open the file
// in Chrome DevTools' Memory tab): what a request allocates, which is what the scavenger pays for
const allocations = process.env.BENCH_ALLOC_PROFILE ? { file: process.env.BENCH_ALLOC_PROFILE, session: new Session() } : null;
if (allocations) {
  allocations.session.connect();
  allocations.session.post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
}

// exit cleanly so --cpu-prof (and BENCH_ALLOC_PROFILE) can write their profiles
process.on("SIGTERM", () => {
  if (!allocations) process.exit(0);
  allocations.session.post("HeapProfiler.stopSampling", (error, result) => {
    if (!error) fs.writeFileSync(allocations.file, JSON.stringify(result.profile));
    process.exit(0);
  });
});
