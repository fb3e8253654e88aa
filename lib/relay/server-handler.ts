/**
 * The relay's door in the custom server: decides whether a request belongs to the relay and, if so, serves it
 * without going through Next. Returns false for every other path.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

const RELAY_PATHS = /^\/v1(\/|$)/;

export function isRelayPath(url: string | undefined): boolean {
  return RELAY_PATHS.test(url ?? "");
}

export function createRelayServerHandler(): (req: IncomingMessage, res: ServerResponse) => boolean {
  // Until the relay pipeline is wired in (issue 4), relay paths fall through to Next's route handlers.
  return () => false;
}
