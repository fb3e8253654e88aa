/**
 * The relay's door in the custom server: decides whether a request belongs to the relay and, if so, serves it
 * through the pipeline on plain Node http objects, without going through Next. Returns false for every other path.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { nodeRequest, nodeResponse } from "./node-exchange";
import { handleRelayRequest } from "./pipeline";
import { warmTokenizer } from "./tokens/tokenizer";

const RELAY_PATHS = /^\/v1(\/|$|\?)/;

export function isRelayPath(url: string | undefined): boolean {
  return RELAY_PATHS.test(url ?? "");
}

export function createRelayServerHandler(): (req: IncomingMessage, res: ServerResponse) => boolean {
  warmTokenizer();
  return (req, res) => {
    if (!isRelayPath(req.url)) return false;
    void handleRelayRequest(nodeRequest(req), nodeResponse(res));
    return true;
  };
}
