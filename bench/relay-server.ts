/**
 * Child process of bench/relay.ts: the relay's production door (the Node handler server.ts mounts), alone in its
 * process so its CPU and memory can be measured. DATABASE_URL comes from the parent.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRelayServerHandler } from "../lib/relay/server-handler";

const handle = createRelayServerHandler();
const server = http.createServer((req, res) => {
  if (!handle(req, res)) res.writeHead(404).end();
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as AddressInfo).port }));
process.on("SIGTERM", () => process.exit(0)); // exit cleanly so --cpu-prof can write its profile
