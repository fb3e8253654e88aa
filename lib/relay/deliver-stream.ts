/**
 * Pipe an upstream stream to the client as it arrives, one write per turn in which bytes arrived. A passthrough
 * forwards the upstream's bytes untouched (cut at the last complete event, so the client never sees half an
 * event) and meters them on the side: events are cut out of the bytes in one forward pass, and only those that
 * carry usage, completion or errors are parsed; the others are kept as text and read only if their output must be
 * counted (StreamReader.isSignificant). A converted stream parses every event and writes the converter's output.
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
/** what an OpenAI usage-only chunk contains (see bridges.ts isUsageOnlyChunk); with markers, only events that contain
 * it are offered to dropEvent */
const DROP_HINT = '"choices":[]';

/** per marker list (a reader's constant): its pattern without and with the drop hint */
const markerPatterns = new WeakMap<readonly string[], { plain: RegExp; dropping: RegExp }>();

function patternOf(markers: readonly string[]): RegExp {
  return new RegExp(markers.map((marker) => marker.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
}

/**
 * One search pattern for a reader's markers (plus the drop hint when events may be dropped), built once per marker
 * list: one regex pass over the bytes costs about half of one indexOf pass per marker, most markers starting with
 * a quote, which JSON is full of.
 */
function markerPattern(markers: readonly string[], isDropping: boolean): RegExp {
  let patterns = markerPatterns.get(markers);
  if (!patterns) {
    patterns = { plain: patternOf(markers), dropping: patternOf([...markers, DROP_HINT]) };
    markerPatterns.set(markers, patterns);
  }
  return isDropping ? patterns.dropping : patterns.plain;
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

/**
 * Where the markers occur (in order), so only the events around them need decoding. `text` is the bytes as latin1
 * (one char per byte, so its indexes are byte offsets): the markers are ASCII, whose bytes never occur inside a
 * UTF-8 multi-byte character, and V8's string search is far cheaper per call than Buffer.indexOf.
 */
function markerHits(text: string, pattern: RegExp): number[] {
  const hits: number[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) hits.push(match.index);
  return hits;
}

export function deliverStream({
  res,
  connected,
  protocol,
  requestId,
  missingUsage = null,
}: {
  res: RelayResponse;
  connected: Connected;
  protocol: ClientProtocol;
  requestId: string;
  /**
   * The client asked for usage and the upstream may not send it (an OpenAI-compatible vendor that ignores
   * stream_options): the SSE text of a usage chunk, sent just before the terminal event when the stream completes
   * without the upstream's report.
   */
  missingUsage?: ((counter: OutputCounter) => string) | null;
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
  /** the usage chunk for a stream that completed without the upstream's report, once; "" when none is due */
  const closingUsage = (): string => {
    if (missingUsage === null || !reader.isComplete() || reader.usage() !== null) return "";
    const text = missingUsage(counter);
    missingUsage = null;
    return text;
  };

  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "x-accel-buffering": "no",
    "x-request-id": requestId,
    ...CORS_HEADERS,
  });

  // a passthrough whose reader names its markers decodes only the events that contain one (or the drop hint)
  const markers = !converter && reader.significantMarkers ? markerPattern(reader.significantMarkers, bridge.dropEvent !== null) : null;

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
      // (before the terminal event: the first whose metering completed the stream)
      if (missingUsage !== null) out += closingUsage();
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

    /** Passthrough: forward every complete event of the bytes (minus dropped ones), metering each on the way. */
    const passBytes = (chunk: Buffer) => {
      const buffer: Buffer = tail ? Buffer.concat([tail, chunk]) : chunk;
      // one latin1 view of the bytes (its indexes are byte offsets) for every search; events are decoded from the bytes
      const text = buffer.toString("latin1");
      hasCr ||= text.includes("\r");
      let start = 0;
      let keptFrom = 0;
      let kept: Buffer[] | null = null;
      const hits = markers ? markerHits(text, markers) : null;
      let hit = 0;
      let deferredFrom = 0; // events with no marker since here: deferred as one piece of wire text, undecoded
      let terminalAt = -1; // where the event that completed the stream starts
      for (let end = sseEventEnd(text, start, hasCr); end !== -1; end = sseEventEnd(text, start, hasCr)) {
        if (hits) {
          while (hit < hits.length && hits[hit] < start) hit++;
          if (hit === hits.length || hits[hit] >= end) {
            start = end;
            continue;
          }
          if (deferredFrom < start) counter.addDeferred(buffer.toString("utf8", deferredFrom, start));
          deferredFrom = end;
        }
        const isDropped = meterBytes(buffer, start, end);
        if (missingUsage !== null && terminalAt === -1 && reader.isComplete()) terminalAt = start;
        if (isDropped) {
          // an event to drop (the usage chunk the client did not ask for): the bytes before it are kept as a piece
          (kept ??= []).push(buffer.subarray(keptFrom, start));
          keptFrom = end;
        }
        start = end;
      }
      if (hits && deferredFrom < start) counter.addDeferred(buffer.toString("utf8", deferredFrom, start));
      tail = start < buffer.length ? Buffer.from(buffer.subarray(start)) : null;
      if (start === 0) return;
      // the pieces around a dropped event are written as they are (one writev for all: the socket is corked for the
      // turn), not copied into one Buffer
      if (kept) for (const piece of kept) send(piece);
      const from = kept ? keptFrom : 0;
      const out = buffer.subarray(from, start);
      const usage = terminalAt >= from ? closingUsage() : "";
      const closed = usage === "" ? out : Buffer.concat([out.subarray(0, terminalAt - from), Buffer.from(usage), out.subarray(terminalAt - from)]);
      // the terminal event arrived: end the client's response with it rather than on the upstream's end of body
      if (tail === null && reader.isComplete()) finish("done", closed);
      else send(closed);
    };

    // The upstream body (call-upstream.ts) emits each chunk of a chunked body as its own "data" event, all in one turn
    // when they arrived in one read (an upstream that writes event by event: 23 events of the bench's stream in one read).
    // They are gathered and handled once, at the end of that turn: one search and one write to the client
    // instead of one per event. Nothing waits for more bytes: it is the same turn, so this adds no latency.
    let gathered: Buffer[] = [];
    let isFlushQueued = false;
    const flush = () => {
      isFlushQueued = false;
      if (gathered.length === 0 || isFinished) return;
      const bytes = gathered.length === 1 ? gathered[0] : Buffer.concat(gathered);
      gathered = [];
      armIdle();
      if (parser) send(convert(parser.push(bytes)));
      else passBytes(bytes);
    };

    function onData(chunk: Buffer) {
      gathered.push(chunk);
      if (isFlushQueued) return;
      isFlushQueued = true;
      // a tick, not a microtask: the body's "end" is emitted on a tick queued after its last "data", so it comes after
      process.nextTick(flush);
    }

    /** The upstream broke off: what arrived before is still delivered, then the client gets the error event. */
    const onBroken = () => {
      flush();
      finish(hasUpstreamError ? "upstream_error" : "cut");
    };

    const onEnd = () => {
      flush();
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
        if (reader.isComplete() && !isDropped) last = Buffer.concat([Buffer.from(closingUsage()), leftover, LF2]);
      }
      if (reader.isComplete()) {
        finish("done", last);
        return;
      }
      send(last);
      finish(hasUpstreamError ? "upstream_error" : "cut");
    };

    res.onClientGone(() => finish("client_gone"));
    body.on("error", onBroken);
    body.on("aborted", onBroken);
    if (connected.firstChunk) {
      // with what else already arrived behind it (an upstream that wrote its events at once): one pass, one write
      // (read before the "data" listener is added: read() emits what it returns)
      gathered.push(connected.firstChunk);
      for (let more = body.read() as Buffer | null; more !== null; more = body.read() as Buffer | null) gathered.push(more);
      flush();
    }
    if (isFinished) return;
    body.on("data", onData);
    body.on("end", onEnd);
    // a body that came whole with its first chunk has emitted its end already (a turn after that chunk was read,
    // before anyone here listened): end it now rather than wait for the idle timer
    if (body.readableEnded) onEnd();
    if (res.isClientGone) finish("client_gone");
    else if (!isFinished) body.resume();
  });
}
