/**
 * Pipe an upstream stream to the client as it arrives, one write per upstream chunk. A passthrough forwards the
 * upstream's bytes untouched (cut at the last complete event, so the client never sees half an event) and meters
 * them on the side: events are cut out of the bytes in one forward pass, and only those that carry usage,
 * completion or errors are parsed; the others are kept as text and read only if their output must be counted
 * (StreamReader.isSignificant). A converted stream parses every event and writes the converter's output.
 * Backpressure pauses the upstream when the client is slow, so memory per stream stays flat. The stream ends one of
 * four ways: done (terminal upstream event; a passthrough ends the client's response with the bytes that carried
 * it, in one write), cut (the upstream stopped or went silent before its terminal event: the client gets an error
 * event in its protocol, never a clean end), upstream_error (an error event inside the stream), or client_gone
 * (the upstream request is aborted at once).
 */
import { AppError } from "../errors";
import type { ClientProtocol } from "./bridges";
import type { Connected } from "./connect-upstream";
import type { ProtocolEvent } from "./convert/types";
import type { RelayResponse } from "./exchange";
import type { StreamReader } from "./providers/types";
import { CORS_HEADERS, streamErrorEvent } from "./respond";
import { type SseEvent, SseParser, formatSse, parseSseData, parseSseEvent, sseEventEnd } from "./sse/sse-parser";
import { OutputCounter } from "./tokens/output-counter";

export type StreamEnd = "done" | "cut" | "upstream_error" | "client_gone";

export type StreamResult = {
  end: StreamEnd;
  reader: StreamReader;
  counter: OutputCounter;
  firstByteAt: number | null;
  /** the upstream reported an error in the stream, even one it then ended properly (a Responses `response.failed`) */
  hasUpstreamError: boolean;
};

function serialize(events: ProtocolEvent[]): string {
  let out = "";
  for (const e of events) out += formatSse({ event: e.event, data: e.data === "[DONE]" ? "[DONE]" : JSON.stringify(e.data) });
  return out;
}

const LF2 = Buffer.from("\n\n");
const CR = 13;
/** what an OpenAI usage-only chunk contains (see bridges.ts isUsageOnlyChunk); with markers, only events that contain
 * it are offered to dropEvent */
const DROP_HINT = Buffer.from('"choices":[]');
const markerBuffers = new WeakMap<readonly string[], Buffer[]>();

/** A reader's markers as bytes (converted once per marker list), plus the drop hint when events may be dropped. */
function markersOf(markers: readonly string[], isDropping: boolean): Buffer[] {
  let bytes = markerBuffers.get(markers);
  if (!bytes) {
    bytes = markers.map((marker) => Buffer.from(marker));
    markerBuffers.set(markers, bytes);
  }
  return isDropping ? [...bytes, DROP_HINT] : bytes;
}

/** Output text of deferred events (SSE wire text of one or more events), read only when the count is needed. */
function deferredText(reader: StreamReader, wire: string): string {
  const parser = new SseParser();
  let text = "";
  for (const event of [...parser.push(wire), ...parser.flush()]) {
    const data = parseSseData(event.data);
    if (data !== undefined) text += reader.read(event, data).text ?? "";
  }
  return text;
}

/** Where any of the markers occurs in bytes (sorted), so only the events around them need decoding. */
function markerHits(bytes: Buffer, markers: readonly Buffer[]): number[] {
  const hits: number[] = [];
  for (const marker of markers) {
    for (let at = bytes.indexOf(marker); at !== -1; at = bytes.indexOf(marker, at + marker.length)) hits.push(at);
  }
  return hits.length > 1 ? hits.sort((a, b) => a - b) : hits;
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
  const counter = new OutputCounter((raw) => deferredText(reader, raw));
  const converter = bridge.createStreamConverter ? bridge.createStreamConverter() : null;
  const parser = converter ? new SseParser() : null;
  let tail: Buffer | null = null;
  let hasCr = false;
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

  // a passthrough whose reader names its markers decodes only the events that contain one (or the drop hint)
  const markers = !converter && reader.significantMarkers ? markersOf(reader.significantMarkers, bridge.dropEvent !== null) : null;

  /** Meter one event; returns its parsed data when it had to be parsed. `wire`: its text, kept if deferred. */
  const meter = (event: SseEvent, wire = event.raw): { data?: unknown; error?: string } => {
    if (!converter && !reader.isSignificant(event)) {
      counter.addDeferred(wire);
      return {};
    }
    const data = parseSseData(event.data);
    const read = reader.read(event, data);
    if (read.text) counter.add(read.text);
    if (read.error) hasUpstreamError = true;
    return { data, error: read.error?.message };
  };

  /** Converted stream: events → what the client gets. */
  const convert = (events: SseEvent[]): string => {
    let out = "";
    for (const event of events) {
      const { data, error } = meter(event);
      if (error !== undefined) {
        out += streamErrorEvent({ protocol, error: new AppError("upstream_error", error), sequence: sequence++ });
        continue;
      }
      const converted = (converter as NonNullable<typeof converter>).push(event.event, data);
      if (converted.length) out += serialize(converted);
    }
    return out;
  };

  /** Passthrough: meter one event cut out of the upstream's bytes; true when the client must not get it. */
  const meterBytes = (bytes: Buffer, start: number, end: number): boolean => {
    const wire = bytes.toString("utf8", start, end);
    const event = parseSseEvent(wire, hasCr);
    if (!event) return false;
    meter({ event: event.event, data: event.data, raw: "" }, wire);
    return bridge.dropEvent !== null && bridge.dropEvent(event.data);
  };

  return new Promise<StreamResult>((resolve) => {
    let isFinished = false;
    let idleTimer: NodeJS.Timeout | null = null;

    /** `last`: bytes that end the client's response with the terminal event (one write instead of two) */
    const finish = (end: StreamEnd, last?: string | Buffer) => {
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
      } else {
        // the upstream's last bytes (its end of body) are read and discarded, so its connection is reused
        body.resume();
        if (!res.isClientGone) {
          if (last !== undefined && last.length > 0) {
            firstByteAt ??= performance.now();
            res.end(last);
          } else res.end();
        }
      }
      resolve({ end, reader, counter, firstByteAt, hasUpstreamError });
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

    /** Passthrough: forward every complete event of the chunk (minus dropped ones), metering each on the way. */
    const passBytes = (chunk: Buffer) => {
      const buffer: Buffer = tail ? Buffer.concat([tail, chunk]) : chunk;
      hasCr ||= chunk.indexOf(CR) !== -1;
      let start = 0;
      let keptFrom = 0;
      let kept: Buffer[] | null = null;
      const hits = markers ? markerHits(buffer, markers) : null;
      let hit = 0;
      let deferredFrom = 0; // events with no marker since here: deferred as one piece of wire text, undecoded
      for (let end = sseEventEnd(buffer, start, hasCr); end !== -1; end = sseEventEnd(buffer, start, hasCr)) {
        if (hits) {
          while (hit < hits.length && hits[hit] < start) hit++;
          if (hit === hits.length || hits[hit] >= end) {
            start = end;
            continue;
          }
          if (deferredFrom < start) counter.addDeferred(buffer.toString("utf8", deferredFrom, start));
          deferredFrom = end;
        }
        if (meterBytes(buffer, start, end)) {
          // an event to drop (the usage chunk the client did not ask for) is rare: only then are bytes copied
          (kept ??= []).push(buffer.subarray(keptFrom, start));
          keptFrom = end;
        }
        start = end;
      }
      if (hits && deferredFrom < start) counter.addDeferred(buffer.toString("utf8", deferredFrom, start));
      tail = start < buffer.length ? Buffer.from(buffer.subarray(start)) : null;
      if (start === 0) return;
      const out = kept ? Buffer.concat([...kept, buffer.subarray(keptFrom, start)]) : buffer.subarray(0, start);
      // the terminal event arrived: end the client's response with it rather than on the upstream's end of body
      if (tail === null && reader.isComplete()) finish("done", out);
      else send(out);
    };

    function onData(chunk: Buffer) {
      armIdle();
      if (parser) send(convert(parser.push(chunk)));
      else passBytes(chunk);
    }

    const onEnd = () => {
      if (isFinished) return;
      let last: string | Buffer = "";
      if (parser) {
        last = convert(parser.flush());
        if (reader.isComplete()) last += serialize((converter as NonNullable<typeof converter>).end());
      } else if (tail) {
        // a last event without its blank line is forwarded only if it is the terminal one (else it may be half an event)
        const leftover = tail;
        tail = null;
        const isDropped = meterBytes(leftover, 0, leftover.length);
        if (reader.isComplete() && !isDropped) last = Buffer.concat([leftover, LF2]);
      }
      if (reader.isComplete()) {
        finish("done", last);
        return;
      }
      send(last);
      finish(hasUpstreamError ? "upstream_error" : "cut");
    };

    res.onClientGone(() => finish("client_gone"));
    body.on("data", onData);
    body.on("end", onEnd);
    body.on("error", () => finish(hasUpstreamError ? "upstream_error" : "cut"));
    body.on("aborted", () => finish(hasUpstreamError ? "upstream_error" : "cut"));

    if (connected.firstChunk) onData(connected.firstChunk);
    if (res.isClientGone) finish("client_gone");
    else if (!isFinished) body.resume();
  });
}
