/**
 * One HTTP call to an upstream over undici's Dispatcher.dispatch: a keep-alive agent, a timer for the response
 * headers, and a typed failure that the pipeline can route on (retryable or not). The response body is handed back
 * as a stream, never buffered here. undici rather than node:http because the upstream hop is most of what the relay
 * costs beyond a bare proxy: its HTTP/1.1 client and parser take about half the CPU per call of http.request + Agent
 * + IncomingMessage (docs/benchmarks.md, relay speed work).
 */
import type { IncomingHttpHeaders } from "node:http";
import net from "node:net";
import { Readable } from "node:stream";
import { Agent, type Dispatcher } from "undici";
import { isPrivateAddress } from "../../channels/private-address";
import { env } from "../../env";
import { singleton } from "../../singleton";
import type { UpstreamRequest } from "../providers/types";
import { safeLookup } from "./safe-lookup";

export type UpstreamFailureKind = "timeout" | "connection" | "refused_address" | "redirect";

export class UpstreamFailure extends Error {
  constructor(
    readonly kind: UpstreamFailureKind,
    message: string,
  ) {
    super(message);
  }
}

export type UpstreamResponse = { status: number; headers: IncomingHttpHeaders; body: Readable; request: { destroy(): void } };

type Target = { origin: string; path: string; isRefused: boolean };

const targets = new Map<string, Target | null>();

/** Parsed once per URL (a channel's few endpoints), with the private-address verdict for literal IPs. */
function target(url: string): Target | null {
  let cached = targets.get(url);
  if (cached !== undefined) return cached;
  try {
    const parsed = new URL(url);
    const hostname = parsed.hostname.replace(/^\[|\]$/g, "");
    cached = {
      origin: parsed.origin,
      path: parsed.pathname + parsed.search,
      isRefused: net.isIP(hostname) !== 0 && isPrivateAddress(hostname),
    };
  } catch {
    cached = null;
  }
  if (targets.size > 10_000) targets.clear();
  targets.set(url, cached);
  return cached;
}

/**
 * One keep-alive agent per process. Every new connection resolves through safeLookup (private addresses refused
 * at connect time). No connect, header or body timeouts of undici's own: the caller's timers decide, as with
 * node:http (a connect timeout would fail a slow connect as "connection" before the channel's timeout).
 */
function upstreamAgent(): Agent {
  return singleton("relay.upstream-agent", () => new Agent({ connections: 2048, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: 0, bodyTimeout: 0, connect: { lookup: safeLookup, timeout: 0, keepAliveInitialDelay: 30_000 } }));
}

/**
 * The response body. Chunks are pushed as undici parses them; when the buffer is full the request is paused
 * (undici stops reading the socket) until the consumer reads again. Like IncomingMessage it emits "aborted" when
 * destroyed (by the consumer or a broken connection) before its end, then "error" for a broken connection.
 */
export class UpstreamBody extends Readable {
  controller: Dispatcher.DispatchController | null = null;
  isComplete = false;

  override _read(): void {
    this.controller?.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.isComplete) {
      this.controller?.abort(error ?? new Error("the response body was destroyed"));
      this.emit("aborted");
    }
    // as IncomingMessage: the error is emitted only to listeners (a body nobody watches must not crash the process)
    callback(this.listenerCount("error") === 0 ? null : error);
  }
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

function transportFailure(error: NodeJS.ErrnoException): UpstreamFailure {
  const kind: UpstreamFailureKind = error.code === "EPRIVATEADDRESS" ? "refused_address" : "connection";
  return new UpstreamFailure(kind, kind === "refused_address" ? "the channel resolves to a private address" : `connection failed (${error.code ?? "error"})`);
}

/** Send the request; resolves when response headers arrive (or rejects with an UpstreamFailure). */
export function callUpstream({ request, timeoutMs }: { request: UpstreamRequest; timeoutMs: number }): Promise<UpstreamResponse> {
  const to = target(request.url);
  if (!to) return Promise.reject(new UpstreamFailure("connection", "the channel's base URL is invalid"));
  if (to.isRefused && !env().ALLOW_LOCAL_UPSTREAMS) return Promise.reject(new UpstreamFailure("refused_address", "the channel points at a private address"));
  return new Promise((resolve, reject) => {
    const body = new UpstreamBody();
    let controller: Dispatcher.DispatchController | null = null;
    let isSettled = false;
    // set when the request must stop before undici handed over its controller (it does so once connected)
    let isAbandoned = false;
    const abandon = () => {
      isAbandoned = true;
      controller?.abort(new Error("the upstream request was abandoned"));
    };
    const timer = setTimeout(() => {
      if (isSettled) return;
      isSettled = true;
      abandon();
      reject(new UpstreamFailure("timeout", `no response within ${timeoutMs} ms`));
    }, timeoutMs);
    // a flat [name, value, …] list; undici adds Host, Connection: keep-alive and the body's content-length
    const headers: string[] = [];
    for (const name in request.headers) headers.push(name, request.headers[name]);
    upstreamAgent().dispatch(
      { origin: to.origin, path: to.path, method: request.method ?? "POST", headers, body: request.body },
      {
        onRequestStart(started) {
          controller = started;
          body.controller = started;
          if (isAbandoned) started.abort(new Error("the upstream request was abandoned"));
        },
        onResponseStart(_controller, status, responseHeaders) {
          // informational (1xx) answers precede the real one; node:http does not report them either
          if (status < 200) return;
          clearTimeout(timer);
          if (isSettled) {
            abandon();
            return;
          }
          isSettled = true;
          // never followed: a redirect could send the request (and the channel's secret) to an address the checks refused
          if (isRedirect(status)) {
            abandon();
            reject(new UpstreamFailure("redirect", `the upstream answered with a redirect (HTTP ${status}), which is not followed`));
            return;
          }
          resolve({ status, headers: responseHeaders as IncomingHttpHeaders, body, request: { destroy: abandon } });
        },
        onResponseData(started, chunk) {
          if (!body.push(chunk)) started.pause();
        },
        onResponseEnd() {
          body.isComplete = true;
          body.push(null);
        },
        onResponseError(_controller, error: NodeJS.ErrnoException) {
          clearTimeout(timer);
          if (!isSettled) {
            isSettled = true;
            reject(transportFailure(error));
            return;
          }
          // a body already handed over broke off (or was abandoned): its consumer sees "aborted" and "error"
          if (!body.destroyed) body.destroy(error);
        },
      },
    );
  });
}

/** Read a whole (non-stream) body, with an idle timeout and a size cap. */
export function readUpstreamBody({ body, timeoutMs, maxBytes = 64 * 1024 * 1024 }: { body: Readable; timeoutMs: number; maxBytes?: number }): Promise<Buffer> {
  // a body that arrived whole with its headers (a small answer): taken at once, without a timer or listeners
  if (body instanceof UpstreamBody && body.isComplete && !body.destroyed && body.readableLength <= maxBytes) {
    return Promise.resolve((body.read() as Buffer | null) ?? Buffer.alloc(0));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // reject before destroy: destroying emits "aborted" at once, which would settle the promise as a broken connection
    const timer = setTimeout(() => {
      reject(new UpstreamFailure("timeout", `the upstream stopped sending for ${timeoutMs} ms`));
      body.destroy();
    }, timeoutMs);
    body.on("data", (chunk: Buffer) => {
      // an idle timeout: each chunk restarts the same timer
      timer.refresh();
      size += chunk.length;
      if (size > maxBytes) {
        clearTimeout(timer);
        reject(new UpstreamFailure("connection", "the upstream response is too large"));
        body.destroy();
        return;
      }
      chunks.push(chunk);
    });
    body.on("end", () => {
      clearTimeout(timer);
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    body.on("error", () => {
      clearTimeout(timer);
      reject(new UpstreamFailure("connection", "the upstream connection broke while sending the response"));
    });
    body.on("aborted", () => {
      clearTimeout(timer);
      reject(new UpstreamFailure("connection", "the upstream connection broke while sending the response"));
    });
  });
}
