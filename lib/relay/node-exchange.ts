/**
 * RelayRequest / RelayResponse over Node's http objects (the production door in server.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "../env";
import { AppError } from "../errors";
import type { RelayRequest, RelayResponse } from "./exchange";

export function tooLarge(limit: number): AppError {
  return new AppError("payload_too_large", `The request body is larger than the limit of ${Math.floor(limit / (1024 * 1024))} MB`);
}

export function nodeRequest(req: IncomingMessage): RelayRequest {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const declared = req.headers["content-length"];
  return {
    method: req.method ?? "GET",
    path: q === -1 ? url : url.slice(0, q),
    header(name) {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    },
    peerAddress: req.socket.remoteAddress ?? "",
    contentLength: declared === undefined ? null : Number(declared),
    readBody(limit) {
      return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const idleMs = env().RELAY_BODY_IDLE_TIMEOUT_MS;
        // a body that stops arriving (slow loris) is refused instead of holding a slot until the request timeout
        const idleTimer = setTimeout(onIdle, idleMs);
        function refuse(error: AppError) {
          clearTimeout(idleTimer);
          req.off("data", onData);
          req.pause(); // not another byte: server.ts closes the connection once the answer is out
          reject(error);
        }
        function onIdle() {
          refuse(new AppError("request_timeout", `The request body stopped arriving (nothing for ${idleMs} ms)`));
        }
        function onData(chunk: Buffer) {
          size += chunk.length;
          if (size > limit) {
            refuse(tooLarge(limit));
            return;
          }
          idleTimer.refresh();
          chunks.push(chunk);
        }
        req.on("data", onData);
        req.on("end", () => {
          clearTimeout(idleTimer);
          if (size <= limit) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
        });
        req.on("error", () => refuse(new AppError("bad_request", "The request body could not be read")));
      });
    },
  };
}

export function nodeResponse(res: ServerResponse): RelayResponse {
  let isGone = false;
  let goneListeners: (() => void)[] | null = null;
  // the close listener is added only for responses that ask (streams): a JSON answer ends in the same turn
  const watchClose = (): (() => void)[] => {
    if (goneListeners) return goneListeners;
    const listeners: (() => void)[] = [];
    goneListeners = listeners;
    res.on("close", () => {
      if (res.writableFinished) return;
      isGone = true;
      for (const listener of listeners) listener();
    });
    return listeners;
  };
  return {
    get isHeadersSent() {
      return res.headersSent;
    },
    get isClientGone() {
      // a closed socket destroys the response: res.destroyed says so even where no close listener was added
      return isGone || res.destroyed;
    },
    writeHead(status, headers) {
      res.writeHead(status, headers);
    },
    write(chunk) {
      return res.write(chunk);
    },
    onDrain(listener) {
      res.once("drain", listener);
    },
    onClientGone(listener) {
      watchClose().push(listener);
    },
    end(chunk) {
      if (chunk === undefined) res.end();
      else res.end(chunk);
    },
  };
}
