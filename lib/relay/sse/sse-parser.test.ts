import { describe, expect, it } from "vitest";
import { formatSse, parseSseEvent, SseParser, sseEventEnd } from "./sse-parser";

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

  it("ends events at any blank line form (LF, CRLF, CR, mixed) and waits while the blank line is incomplete", () => {
    const parser = new SseParser();
    const wire = "data: a\n\ndata: b\r\n\r\ndata: c\r\rdata: d\n\r\nevent: e\rdata: e1\r\ndata: e2\n\n";
    const events = [];
    for (const piece of wire.split(/(?<=\r)/)) events.push(...parser.push(piece));
    expect(events.map((e) => [e.event, e.data])).toEqual([
      [undefined, "a"],
      [undefined, "b"],
      [undefined, "c"],
      [undefined, "d"],
      ["e", "e1\ne2"],
    ]);
    expect(events[1].raw).toBe("data: b\r\n\r"); // its LF arrives with the next piece and is read as an empty line
    expect(sseEventEnd("data: x\r\n", 0, true)).toBe(-1);
    expect(sseEventEnd("data: x\n\ndata: y", 0, false)).toBe(9);
    expect(sseEventEnd("data: x\r\n\r\ndata: y", 0, true)).toBe(11);
  });

  it("reads fields as the spec says: one optional space after the colon, comments and unknown fields ignored", () => {
    expect(parseSseEvent(":comment\nid: 7\nevent:ping\ndata:  two spaces\ndata\n\n", false)).toEqual({ event: "ping", data: " two spaces\n" });
    expect(parseSseEvent("event: only\n\n", false)).toBeNull();
  });
});
