/**
 * Pipe an upstream stream to the client as it arrives, one write per upstream chunk. A passthrough forwards the
 * upstream's bytes untouched (cut at the last complete event, so the client never sees half an event) and meters
 * them on the side, parsing only the events that carry usage, completion or errors; other events are kept raw and
 * read only if their text must be counted (StreamReader.isSignificant). A converted stream parses every event and
 * writes the converter's output. Backpressure pauses the upstream when the client is slow, so memory per stream
 * stays flat. The stream ends one of four ways: done (terminal upstream event), cut (the upstream stopped or went
 * silent before its terminal event: the client gets an error event in its protocol, never a clean end),
 * upstream_error (an error event inside the stream), or client_gone (the upstream request is aborted at once).
 */
import { AppError } from "../errors";
import type { ClientProtocol } from "./bridges";
import type { Connected } from "./connect-upstream";
import type { ProtocolEvent } from "./convert/types";
import type { RelayResponse } from "./exchange";
import type { StreamReader } from "./providers/types";
import { CORS_HEADERS, streamErrorEvent } from "./respond";
import { type SseEvent, SseParser, formatSse } from "./sse/sse-parser";
import { OutputCounter } from "./tokens/output-counter";

export type StreamEnd = "done" | "cut" | "upstream_error" | "client_gone";

export type StreamResult = { end: StreamEnd; reader: StreamReader; counter: OutputCounter; firstByteAt: number | null };

function serialize(events: ProtocolEvent[]): string {
  let out = "";
  for (const e of events) out += formatSse({ event: e.event, data: e.data === "[DONE]" ? "[DONE]" : JSON.stringify(e.data) });
  return out;
}

function parseData(data: string): unknown {
  if (data === "[DONE]") return "[DONE]";
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

const LF2 = Buffer.from("\n\n");
/** what an OpenAI usage-only chunk contains (see bridges.ts isUsageOnlyChunk) */
const DROP_HINT = Buffer.from('"choices":[]');
const CRLF2 = Buffer.from("\r\n\r\n");
const CR2 = Buffer.from("\r\r");

/** Where the last complete event of a buffer ends (0 when there is none). */
function lastEventEnd(buffer: Buffer): number {
  const lf = buffer.lastIndexOf(LF2);
  const crlf = buffer.lastIndexOf(CRLF2);
  const cr = buffer.lastIndexOf(CR2);
  return Math.max(lf === -1 ? 0 : lf + 2, crlf === -1 ? 0 : crlf + 4, cr === -1 ? 0 : cr + 2);
}

export function deliverStream({
  res,
  connected,
  protocol,
  requestId,
}: {
  res: RelayResponse;
  connected: Connected;
  protocol: ClientProtocol;
  requestId: string;
}): Promise<StreamResult> {
  const { bridge, adapter, response, channel } = connected;
  const body = response.body;
  const reader = adapter.createStreamReader(bridge.operation);
  const counter = new OutputCounter((raw) => {
    const data = parseData(raw);
    return data === undefined ? "" : (reader.read({ event: undefined, data: raw, raw: "" }, data).text ?? "");
  });
  const converter = bridge.createStreamConverter ? bridge.createStreamConverter() : null;
  const isBytePassthrough = !converter;
  const parser = new SseParser();
  let tail: Buffer | null = null;
  let firstByteAt: number | null = null;
  let sequence = 0;
  let hasUpstreamError = false;

  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "x-accel-buffering": "no",
    "x-request-id": requestId,
    ...CORS_HEADERS,
  });

  /** Meter one event; returns its parsed data when it had to be parsed. */
  const meter = (event: SseEvent): { data?: unknown; error?: string } => {
    if (!converter && !reader.isSignificant(event)) {
      counter.addDeferred(event.data);
      return {};
    }
    const data = parseData(event.data);
    const read = reader.read(event, data);
    if (read.text) counter.add(read.text);
    if (read.error) hasUpstreamError = true;
    return { data, error: read.error?.message };
  };

  /** Events → what the client gets (converted, or raw minus dropped events). */
  const translate = (events: SseEvent[]): string => {
    let out = "";
    for (const event of events) {
      const { data, error } = meter(event);
      if (!converter) {
        if (!bridge.dropEvent || !bridge.dropEvent(event.data)) out += event.raw;
        continue;
      }
      if (error !== undefined) {
        out += streamErrorEvent({ protocol, error: new AppError("upstream_error", error), sequence: sequence++ });
        continue;
      }
      const converted = converter.push(event.event, data);
      if (converted.length) out += serialize(converted);
    }
    return out;
  };

  return new Promise<StreamResult>((resolve) => {
    let isFinished = false;
    let idleTimer: NodeJS.Timeout | null = null;

    const finish = (end: StreamEnd) => {
      if (isFinished) return;
      isFinished = true;
      if (idleTimer) clearTimeout(idleTimer);
      body.off("data", onData);
      if (end === "client_gone") {
        body.destroy();
        connected.response.request.destroy();
      } else if (end === "cut") {
        body.destroy();
        if (!res.isClientGone) {
          res.end(streamErrorEvent({ protocol, error: new AppError("upstream_error", "The upstream stream was interrupted before it finished"), sequence: sequence++ }));
        }
      } else if (!res.isClientGone) {
        res.end();
      }
      resolve({ end, reader, counter, firstByteAt });
    };

    // one timer per stream, not one per chunk: when it fires it checks how long the upstream has really been silent
    let lastActivity = performance.now();
    const onIdleTimer = () => {
      const silentMs = performance.now() - lastActivity;
      if (silentMs >= channel.timeoutMs) finish("cut");
      else idleTimer = setTimeout(onIdleTimer, channel.timeoutMs - silentMs);
    };
    const armIdle = () => {
      lastActivity = performance.now();
      idleTimer ??= setTimeout(onIdleTimer, channel.timeoutMs);
    };

    const send = (out: string | Buffer) => {
      if (out.length === 0 || res.isClientGone) return;
      firstByteAt ??= performance.now();
      if (!res.write(out)) {
        body.pause();
        res.onDrain(() => {
          if (!isFinished) body.resume();
        });
      }
    };

    function onData(chunk: Buffer) {
      armIdle();
      if (!isBytePassthrough) {
        send(translate(parser.push(chunk)));
        return;
      }
      const buffer: Buffer = tail ? Buffer.concat([tail, chunk]) : chunk;
      const end = lastEventEnd(buffer);
      tail = end < buffer.length ? Buffer.from(buffer.subarray(end)) : null;
      if (end === 0) return;
      const complete = buffer.subarray(0, end);
      const events = parser.push(complete);
      // an event to drop (the usage chunk the client did not ask for) is rare: only then is the output rebuilt
      if (bridge.dropEvent && complete.includes(DROP_HINT)) send(translate(events));
      else {
        send(complete);
        for (const event of events) meter(event);
      }
    }

    res.onClientGone(() => finish("client_gone"));
    body.on("data", onData);
    body.on("end", () => {
      if (isFinished) return;
      if (isBytePassthrough) {
        // a last event without its blank line is forwarded only if it is the terminal one (else it may be half an event)
        const leftover: Buffer | null = tail;
        tail = null;
        const last = [...(leftover ? parser.push(leftover) : []), ...parser.flush()];
        for (const event of last) meter(event);
        if (leftover && reader.isComplete() && !(bridge.dropEvent && last.some((e) => bridge.dropEvent?.(e.data)))) send(Buffer.concat([leftover, LF2]));
      } else {
        send(translate(parser.flush()));
      }
      if (reader.isComplete()) {
        if (converter) send(serialize(converter.end()));
        finish("done");
      } else if (hasUpstreamError) {
        finish("upstream_error");
      } else {
        finish("cut");
      }
    });
    body.on("error", () => finish(hasUpstreamError ? "upstream_error" : "cut"));
    body.on("aborted", () => finish(hasUpstreamError ? "upstream_error" : "cut"));

    if (connected.firstChunk) onData(connected.firstChunk);
    if (res.isClientGone) finish("client_gone");
    else if (!isFinished) body.resume();
  });
}
