import { describe, expect, it } from "vitest";
import { formatSse, SseParser } from "./sse-parser";

describe("SseParser", () => {
  it("splits events across arbitrary chunk boundaries and keeps raw text", () => {
    const wire = 'event: message_start\ndata: {"a":1}\n\n: ping comment\n\ndata: {"b":\ndata: 2}\n\ndata: [DONE]\n\n';
    const parser = new SseParser();
    const events = [];
    for (let i = 0; i < wire.length; i += 3) events.push(...parser.push(wire.slice(i, i + 3)));
    expect(events.map((e) => [e.event, e.data])).toEqual([
      ["message_start", '{"a":1}'],
      [undefined, '{"b":\n2}'],
      [undefined, "[DONE]"],
    ]);
    expect(events[0].raw).toBe('event: message_start\ndata: {"a":1}\n\n');
    expect(parser.pending).toBe("");
  });

  it("understands CRLF (Gemini) and multi-byte characters split between chunks", () => {
    const bytes = new TextEncoder().encode('data: {"t":"héllo"}\r\n\r\ndata: {"t":"x"}');
    const parser = new SseParser();
    const first = parser.push(bytes.slice(0, 12));
    const second = parser.push(bytes.slice(12));
    expect([...first, ...second].map((e) => e.data)).toEqual(['{"t":"héllo"}']);
    expect(parser.pending).toBe('data: {"t":"x"}');
    expect(parser.flush().map((e) => e.data)).toEqual(['{"t":"x"}']);
  });

  it("formats events", () => {
    expect(formatSse({ event: "ping", data: "{}" })).toBe("event: ping\ndata: {}\n\n");
    expect(formatSse({ data: "[DONE]" })).toBe("data: [DONE]\n\n");
  });
});
