/**
 * RelayRequest / RelayResponse over Node's http objects (the production door in server.ts). Classes, not object
 * literals of closures: one object per request and response, their methods shared on the prototype.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "../env";
import { AppError } from "../errors";
import type { RelayRequest, RelayResponse } from "./exchange";

export function tooLarge(limit: number): AppError {
  return new AppError("payload_too_large", `The request body is larger than the limit of ${Math.floor(limit / (1024 * 1024))} MB`);
}

class NodeRelayRequest implements RelayRequest {
  readonly method: string;
  readonly path: string;
  readonly peerAddress: string;
  readonly contentLength: number | null;

  constructor(private readonly req: IncomingMessage) {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const declared = req.headers["content-length"];
    this.method = req.method ?? "GET";
    this.path = q === -1 ? url : url.slice(0, q);
    this.peerAddress = req.socket.remoteAddress ?? "";
    this.contentLength = declared === undefined ? null : Number(declared);
  }

  /** an arrow property: the pipeline hands it on as a plain function */
  header = (name: string): string | undefined => {
    const value = this.req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };

  readBody(limit: number): Promise<Buffer> {
    const req = this.req;
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
  }
}

class NodeRelayResponse implements RelayResponse {
  private isGone = false;
  /** the close listener is added only for responses that ask (streams): a JSON answer ends in the same turn */
  private goneListeners: (() => void)[] | null = null;

  constructor(private readonly res: ServerResponse) {}

  get isHeadersSent(): boolean {
    return this.res.headersSent;
  }

  get isClientGone(): boolean {
    // a closed socket destroys the response: res.destroyed says so even where no close listener was added
    return this.isGone || this.res.destroyed;
  }

  writeHead(status: number, headers: Record<string, string>): void {
    this.res.writeHead(status, headers);
  }

  write(chunk: string | Buffer): boolean {
    return this.res.write(chunk);
  }

  onDrain(listener: () => void): void {
    this.res.once("drain", listener);
  }

  onClientGone(listener: () => void): void {
    if (!this.goneListeners) {
      const listeners: (() => void)[] = [];
      this.goneListeners = listeners;
      this.res.on("close", () => {
        if (this.res.writableFinished) return;
        this.isGone = true;
        for (const gone of listeners) gone();
      });
    }
    this.goneListeners.push(listener);
  }

  end(chunk?: string | Buffer): void {
    if (chunk === undefined) this.res.end();
    else this.res.end(chunk);
  }
}

export function nodeRequest(req: IncomingMessage): RelayRequest {
  return new NodeRelayRequest(req);
}

export function nodeResponse(res: ServerResponse): RelayResponse {
  return new NodeRelayResponse(res);
}
