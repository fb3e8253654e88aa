/**
 * Incremental Server-Sent Events parser (WHATWG rules: LF, CRLF or CR line ends, `event:`/`data:` fields,
 * multi-line data joined with "\n", comments ignored). Feed it bytes as they arrive; it returns the complete events
 * and keeps the unfinished tail. Each event keeps its raw text so a passthrough can forward it byte for byte.
 *
 * The scanning helpers (sseEventEnd, parseSseEvent) are exported for the stream passthrough, which cuts events out
 * of the upstream's bytes itself: both make one forward pass, and streams without CR (OpenAI, Anthropic) take a
 * native "\n\n" search instead of a character loop.
 */
export type SseEvent = { event: string | undefined; data: string; raw: string };

const LF = 10;
const CR = 13;

export class SseParser {
  private buffer = "";
  private hasCr = false;
  private readonly decoder = new TextDecoder();

  /** Complete events in this chunk (plus what was pending). */
  push(chunk: Uint8Array | string): SseEvent[] {
    const text = typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    this.hasCr ||= text.includes("\r");
    const buffer = this.buffer + text;
    const events: SseEvent[] = [];
    let start = 0;
    for (let end = sseEventEnd(buffer, start, this.hasCr); end !== -1; end = sseEventEnd(buffer, start, this.hasCr)) {
      const raw = buffer.slice(start, end);
      const event = parseSseEvent(raw, this.hasCr);
      if (event) events.push({ event: event.event, data: event.data, raw });
      start = end;
    }
    this.buffer = start === 0 ? buffer : buffer.slice(start);
    return events;
  }

  /** Bytes received that did not form a complete event (a cut stream leaves some). */
  get pending(): string {
    return this.buffer;
  }

  /** At end of stream: a final event without the blank line after it still counts (some servers omit it). */
  flush(): SseEvent[] {
    const rest = this.buffer + this.decoder.decode();
    this.buffer = "";
    if (!rest.trim()) return [];
    const event = parseSseEvent(rest, this.hasCr || rest.includes("\r"));
    return event ? [{ event: event.event, data: event.data, raw: rest }] : [];
  }
}

/** An event's data as JSON ("[DONE]" kept as the string); undefined when it is not JSON. */
export function parseSseData(data: string): unknown {
  if (data === "[DONE]") return "[DONE]";
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

/**
 * Where the event that starts at `from` ends: just past the blank line that closes it, or -1 when no blank line
 * follows yet. `hasCr`: whether CR line ends may occur; without them one native search for "\n\n" does it. The
 * passthrough scans its bytes as latin1 text (one char per byte), so the offsets it gets are byte offsets.
 */
export function sseEventEnd(text: string, from: number, hasCr: boolean): number {
  if (!hasCr) {
    const at = text.indexOf("\n\n", from);
    return at === -1 ? -1 : at + 2;
  }
  // a line end (CR, LF or CRLF) right after another line end, or at the very start, is the blank line
  let isLineStart = true;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== LF && c !== CR) {
      isLineStart = false;
      continue;
    }
    if (c === CR && text.charCodeAt(i + 1) === LF) i++;
    if (isLineStart) return i + 1;
    isLineStart = true;
  }
  return -1;
}

/** The fields of one event block (its blank line may be included); null when it has no data (a comment, a ping). */
export function parseSseEvent(block: string, hasCr: boolean): { event: string | undefined; data: string } | null {
  let event: string | undefined;
  let data: string | null = null;
  const lines = hasCr ? block.split(/\r\n|\r|\n/) : null;
  let index = 0;
  let at = 0;
  for (;;) {
    let line: string;
    if (lines) {
      if (index === lines.length) break;
      line = lines[index++];
    } else {
      if (at >= block.length) break;
      const eol = block.indexOf("\n", at);
      line = block.slice(at, eol === -1 ? block.length : eol);
      at = eol === -1 ? block.length : eol + 1;
    }
    if (line === "" || line.charCodeAt(0) === 58 /* ":" comment */) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + (line.charCodeAt(colon + 1) === 32 ? 2 : 1));
    if (field === "data") data = data === null ? value : `${data}\n${value}`;
    else if (field === "event") event = value;
  }
  if (data === null) return null;
  return { event, data };
}

/** One event in wire form. */
export function formatSse({ event, data }: { event?: string; data: string }): string {
  return event ? `event: ${event}\ndata: ${data}\n\n` : `data: ${data}\n\n`;
}
