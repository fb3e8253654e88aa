/**
 * Child process of bench/relay.ts: the reference floor — a plain Node http proxy with a keep-alive agent and no
 * authentication, limits, billing or logging, forwarding to the same fake upstream (the architecture's "plain Node
 * proxy" row). Measured beside the relay in the same run, it separates the relay's own cost from the machine's.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

const upstream = new URL(process.env.BENCH_UPSTREAM_URL ?? "http://127.0.0.1:1");
const agent = new http.Agent({ keepAlive: true, maxSockets: 2048 });

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const out = http.request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: "POST", agent, headers: { "content-type": "application/json", authorization: "Bearer bench-upstream-key", "content-length": Buffer.byteLength(body) } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, { "content-type": up.headers["content-type"] ?? "application/json" });
        up.pipe(res);
      },
    );
    out.on("error", () => res.writeHead(502).end());
    out.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as AddressInfo).port }));
process.on("SIGTERM", () => process.exit(0));
