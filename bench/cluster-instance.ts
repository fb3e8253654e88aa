/**
 * Child process of bench/cluster.ts: one app instance's relay door (what server.ts mounts), joined to the cluster
 * when REDIS_URL is set (Redis limits, key revocations, channel health; durable holds unless HOLDS_ENGINE says
 * otherwise), alone in its process so its CPU can be measured. Everything comes from the parent's environment.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { startCluster } from "../lib/cluster/start-cluster";
import { createRelayServerHandler } from "../lib/relay/server-handler";

const cluster = startCluster();
const handle = createRelayServerHandler();
const server = http.createServer((req, res) => {
  if (!handle(req, res)) res.writeHead(404).end();
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as AddressInfo).port }));
process.on("SIGTERM", () => {
  void cluster.stop().finally(() => process.exit(0));
});
