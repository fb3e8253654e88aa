/**
 * Node's own limits on slow clients (slow-loris headers and bodies), from the environment. They bound how long a
 * request may take to ARRIVE; a long streamed answer is not affected (Node stops the clock once the request is in).
 */
import type { ServerOptions } from "node:http";
import { env } from "../env";

/** Node checks its timeouts on an interval (30 s by default): small timeouts need a finer check to mean anything. */
const MAX_CHECK_INTERVAL_MS = 30_000;

export function serverTimeouts(): Pick<ServerOptions, "headersTimeout" | "requestTimeout" | "connectionsCheckingInterval"> {
  const { SERVER_HEADERS_TIMEOUT_MS, SERVER_REQUEST_TIMEOUT_MS } = env();
  // Node refuses a headers timeout longer than the request timeout
  const headersTimeout = Math.min(SERVER_HEADERS_TIMEOUT_MS, SERVER_REQUEST_TIMEOUT_MS);
  const connectionsCheckingInterval = Math.max(50, Math.min(MAX_CHECK_INTERVAL_MS, Math.floor(headersTimeout / 4)));
  return { headersTimeout, requestTimeout: SERVER_REQUEST_TIMEOUT_MS, connectionsCheckingInterval };
}
