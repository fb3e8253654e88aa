/**
 * Incremental Server-Sent Events parser (WHATWG rules: LF, CRLF or CR line ends, `event:`/`data:` fields,
 * multi-line data joined with "\n", comments ignored). Feed it bytes as they arrive; it returns the complete events
 * and keeps the unfinished tail. Each event keeps its raw text so a passthrough can forward it byte for byte.
 */
export type SseEvent = { event: string | undefined; data: string; raw: string };

export class SseParser {
  private buffer = "";
  private readonly decoder = new TextDecoder();

  /** Complete events in this chunk (plus what was pending). */
  push(chunk: Uint8Array | string): SseEvent[] {
    this.buffer += typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    const events: SseEvent[] = [];
    for (;;) {
      const end = findEventEnd(this.buffer);
      if (end === null) break;
      const raw = this.buffer.slice(0, end.at + end.length);
      this.buffer = this.buffer.slice(end.at + end.length);
      const event = parseEvent(raw.slice(0, end.at));
      if (event) events.push({ ...event, raw });
    }
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
    const event = parseEvent(rest);
    return event ? [{ ...event, raw: rest }] : [];
  }
}

function findEventEnd(text: string): { at: number; length: number } | null {
  // the first blank line: "\n\n", "\r\n\r\n", "\r\r" (mixed forms are rare; handle the common ones)
  let best: { at: number; length: number } | null = null;
  for (const separator of ["\n\n", "\r\n\r\n", "\r\r"]) {
    const at = text.indexOf(separator);
    if (at !== -1 && (best === null || at < best.at)) best = { at, length: separator.length };
  }
  return best;
}

function parseEvent(block: string): { event: string | undefined; data: string } | null {
  let event: string | undefined;
  let data: string[] | null = null;
  for (const line of block.split(/\r\n|\r|\n/)) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") (data ??= []).push(value);
  }
  if (data === null) return null;
  return { event, data: data.join("\n") };
}

/** One event in wire form. */
export function formatSse({ event, data }: { event?: string; data: string }): string {
  return event ? `event: ${event}\ndata: ${data}\n\n` : `data: ${data}\n\n`;
}
