/**
 * RelayRequest / RelayResponse over the Web Request/Response of a Next route handler (the door used by
 * `next dev` and platforms without the custom server). The response streams through a ReadableStream; the
 * handler returns as soon as the pipeline has written the status and headers.
 */
import { AppError } from "../errors";
import type { RelayRequest, RelayResponse } from "./exchange";
import { tooLarge } from "./node-exchange";

export function webRequest(request: Request): RelayRequest {
  const url = new URL(request.url);
  const declared = request.headers.get("content-length");
  // Next's server appends the socket's address to X-Forwarded-For: its last entry is the peer this process saw.
  const forwarded = request.headers.get("x-forwarded-for");
  const peer = forwarded ? (forwarded.split(",").pop() ?? "").trim() : "";
  return {
    method: request.method,
    path: url.pathname,
    header: (name) => request.headers.get(name) ?? undefined,
    peerAddress: peer,
    contentLength: declared === null ? null : Number(declared),
    async readBody(limit) {
      if (!request.body) return Buffer.alloc(0);
      const reader = request.body.getReader();
      const chunks: Buffer[] = [];
      let size = 0;
      for (;;) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch {
          throw new AppError("bad_request", "The request body could not be read");
        }
        if (result.done) break;
        size += result.value.byteLength;
        if (size > limit) {
          await reader.cancel().catch(() => undefined);
          throw tooLarge(limit);
        }
        chunks.push(Buffer.from(result.value));
      }
      return Buffer.concat(chunks);
    },
  };
}

export type WebExchange = { response: RelayResponse; ready: Promise<Response> };

export function webResponse(signal: AbortSignal): WebExchange {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let isHeadersSent = false;
  let isGone = false;
  let isEnded = false;
  const goneListeners: (() => void)[] = [];
  let drainListener: (() => void) | null = null;
  const encoder = new TextEncoder();
  const gone = () => {
    if (isGone || isEnded) return;
    isGone = true;
    for (const listener of goneListeners) listener();
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        const listener = drainListener;
        drainListener = null;
        listener?.();
      },
      cancel() {
        gone();
      },
    },
    { highWaterMark: 16 },
  );
  signal.addEventListener("abort", gone);
  let resolveReady!: (response: Response) => void;
  const ready = new Promise<Response>((resolve) => {
    resolveReady = resolve;
  });
  const response: RelayResponse = {
    get isHeadersSent() {
      return isHeadersSent;
    },
    get isClientGone() {
      return isGone;
    },
    writeHead(status, headers) {
      isHeadersSent = true;
      // the body is a stream Next frames itself (and may compress): a declared length is left to it
      const { "content-length": _length, ...rest } = headers;
      resolveReady(new Response(status === 204 ? null : stream, { status, headers: rest }));
    },
    write(chunk) {
      if (isGone || isEnded) return true;
      controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : new Uint8Array(chunk));
      return (controller.desiredSize ?? 1) > 0;
    },
    onDrain(listener) {
      drainListener = listener;
    },
    onClientGone(listener) {
      goneListeners.push(listener);
    },
    end(chunk) {
      if (isEnded) return;
      if (chunk !== undefined && !isGone) controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : new Uint8Array(chunk));
      isEnded = true;
      if (!isGone) controller.close();
    },
  };
  return { response, ready };
}
