/**
 * Pipe an upstream stream to the client as it arrives: each upstream chunk is parsed into SSE events, read for
 * usage and delivered text (the meter), and forwarded — byte for byte for a passthrough, converted for another
 * protocol — in one write per chunk. Backpressure pauses the upstream when the client is slow, so memory per
 * stream stays flat. The stream ends one of four ways: done (terminal upstream event), cut (the upstream stopped
 * or went silent before its terminal event: the client gets an error event, never a clean end), upstream_error
 * (an error event inside the stream), or client_gone (the upstream request is aborted at once).
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

function parseData(event: SseEvent): unknown {
  if (event.data === "[DONE]") return "[DONE]";
  try {
    return JSON.parse(event.data);
  } catch {
    return undefined;
  }
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
  const counter = new OutputCounter();
  const converter = bridge.createStreamConverter ? bridge.createStreamConverter() : null;
  const parser = new SseParser();
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

  const translate = (events: SseEvent[]): string => {
    let out = "";
    for (const event of events) {
      const data = parseData(event);
      const read = reader.read(event, data);
      if (read.text) counter.add(read.text);
      if (read.error) hasUpstreamError = true;
      if (!converter) {
        if (!bridge.dropEvent || !bridge.dropEvent(data)) out += event.raw;
        continue;
      }
      if (read.error) {
        out += streamErrorEvent({ protocol, error: new AppError("upstream_error", read.error.message), sequence: sequence++ });
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

    const armIdle = () => {
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = setTimeout(() => finish("cut"), channel.timeoutMs);
    };

    const send = (out: string) => {
      if (!out || res.isClientGone) return;
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
      send(translate(parser.push(chunk)));
    }

    res.onClientGone(() => finish("client_gone"));
    body.on("data", onData);
    body.on("end", () => {
      if (isFinished) return;
      send(translate(parser.flush()));
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
