/**
 * Console routes (every path but the relay's) take small JSON bodies. A declared Content-Length over the limit is
 * answered 413 by server.ts before Next reads a byte; chunked bodies are counted as they arrive by readJson.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { errorBody } from "../errors";
import { bodyTooLarge, MAX_JSON_BYTES } from "./read-json";

/** True when the request was refused (the answer is written); false to let it through. */
export function refuseDeclaredOversizedBody({ req, res, maxBytes = MAX_JSON_BYTES }: { req: IncomingMessage; res: ServerResponse; maxBytes?: number }): boolean {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (!(declared > maxBytes)) return false;
  const error = bodyTooLarge(maxBytes);
  res.writeHead(error.status, { "content-type": "application/json" }).end(JSON.stringify(errorBody(error, "console")));
  return true;
}
