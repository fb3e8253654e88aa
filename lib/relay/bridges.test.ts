import { describe, expect, it } from "vitest";
import { buildBridge, type BridgeInput } from "./bridges";

function chatInput(raw: string, upstreamModel: string): BridgeInput {
  return {
    protocol: "chat",
    channel: { type: "openai", supportsResponses: false },
    body: JSON.parse(raw) as Record<string, unknown>,
    raw: Buffer.from(raw),
    requestedModel: "gpt-x",
    upstreamModel,
    isStream: false,
    includeUsage: false,
    defaultMaxTokens: 100,
  };
}

describe("buildBridge passthrough body", () => {
  it("forwards the client's exact bytes when the model is unchanged and named once", () => {
    const raw = '{"model":"gpt-x","messages":[{"role":"user","content":"héllo"}],"temperature":0.5}';
    const bridge = buildBridge(chatInput(raw, "gpt-x"));
    expect(Buffer.isBuffer(bridge.body)).toBe(true);
    expect(bridge.body.toString()).toBe(raw);
  });

  it("re-serializes when the model is mapped", () => {
    const bridge = buildBridge(chatInput('{"model":"gpt-x","messages":[]}', "upstream-x"));
    expect(JSON.parse(bridge.body.toString())).toEqual({ model: "upstream-x", messages: [] });
  });

  it('re-serializes whenever "model" appears more than once, wherever the copies are', () => {
    const cases = [
      '{"model":"gpt-x","model":"other"}',
      '{"model":"gpt-x","messages":[{"role":"user","content":"say \\"model\\""}],"metadata":{"model":"m"}}',
      '{"messages":[],"model":"gpt-x","x":{"model":1}}',
    ];
    for (const raw of cases) {
      const bridge = buildBridge(chatInput(raw, "gpt-x"));
      expect(typeof bridge.body, raw).toBe("string");
      expect(JSON.parse(bridge.body as string).model).toBe("gpt-x");
    }
  });

  it("decides like indexOf === lastIndexOf on random bodies (the check it replaced)", () => {
    const pieces = ['"model"', '"mod', 'el"', "model", '"', '"model"model"', ",", "é", '{"model":"gpt-x"}'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 2_000; i++) {
      let text = "";
      for (let n = next() % 12; n > 0; n--) text += pieces[next() % pieces.length];
      // raw bytes only (the check reads no JSON), so "model" may occur zero, one or many times, overlapping too
      const raw = Buffer.from(text);
      const input = { ...chatInput('{"model":"gpt-x"}', "gpt-x"), raw };
      const isForwarded = buildBridge(input).body === raw;
      expect(isForwarded, raw.toString()).toBe(raw.indexOf('"model"') === raw.lastIndexOf('"model"'));
    }
  });
});

describe("a chat stream whose client did not ask for usage", () => {
  const streamInput = (raw: string, upstreamModel = "gpt-x"): BridgeInput => ({ ...chatInput(raw, upstreamModel), isStream: true, includeUsage: false });
  const upstreamBody = (input: BridgeInput) => JSON.parse(buildBridge(input).body.toString()) as Record<string, unknown>;

  it("asks the upstream for usage by putting the option first in the client's own bytes", () => {
    const raw = '{"model":"gpt-x","messages":[{"role":"user","content":"héllo \\"there\\""}],"stream":true}';
    const bridge = buildBridge(streamInput(raw));
    expect(Buffer.isBuffer(bridge.body)).toBe(true);
    expect(bridge.body.toString()).toBe(`{"stream_options":{"include_usage":true},${raw.slice(1)}`);
    expect(bridge.dropEvent).not.toBeNull();
    // leading whitespace is kept before the object
    const spaced = ' \n\t{"model":"gpt-x","stream":true}';
    expect(buildBridge(streamInput(spaced)).body.toString()).toBe(' \n\t{"stream_options":{"include_usage":true},"model":"gpt-x","stream":true}');
  });

  it("re-serializes, keeping the client's stream_options, when it set them or the model is mapped", () => {
    const own = upstreamBody(streamInput('{"model":"gpt-x","stream":true,"stream_options":{"include_usage":false,"x":1}}'));
    expect(own.stream_options).toEqual({ include_usage: true, x: 1 });
    const nulled = upstreamBody(streamInput('{"model":"gpt-x","stream":true,"stream_options":null}'));
    expect(nulled.stream_options).toEqual({ include_usage: true });
    const mapped = buildBridge(streamInput('{"model":"gpt-x","stream":true}', "upstream-x"));
    expect(typeof mapped.body).toBe("string");
    expect(JSON.parse(mapped.body as string)).toEqual({ model: "upstream-x", stream: true, stream_options: { include_usage: true } });
  });

  it("always sends the client's body plus include_usage, whatever the body looks like", () => {
    const values = ['"s"', "1", "true", "null", '{"a":[1,{"b":"\\"stream_options\\""}]}', '"stream_options"', "[]", '{"include_usage":false}'];
    const keys = ["a", "stream_options", "b", "model", "stream", "é"];
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 1_000; i++) {
      const fields: string[] = ['"model":"gpt-x"'];
      for (let n = next() % 5; n > 0; n--) {
        const key = keys[next() % keys.length];
        if (key !== "model") fields.push(`${JSON.stringify(key)}:${values[next() % values.length]}`);
      }
      if (next() % 2) fields.reverse();
      const raw = `${" ".repeat(next() % 3)}{${fields.join(",")}}`;
      const body = JSON.parse(raw) as Record<string, unknown>;
      const sent = upstreamBody(streamInput(raw));
      const options = body.stream_options !== null && typeof body.stream_options === "object" && !Array.isArray(body.stream_options) ? body.stream_options : {};
      expect(sent, raw).toEqual({ ...body, stream_options: { ...options, include_usage: true } });
    }
  });
});

describe("a channel's model mapping stays out of what the client gets back", () => {
  const chunk = (model: string, extra: Record<string, unknown> = {}) => ({ id: "c1", object: "chat.completion.chunk", model, choices: [{ index: 0, delta: { content: "Hi" } }], ...extra });

  it("renames the model in a JSON body and leaves the upstream's own object alone", () => {
    const bridge = buildBridge(chatInput('{"model":"gpt-x","messages":[]}', "upstream-x"));
    const upstream = { id: "c1", object: "chat.completion", model: "upstream-x-2025-01-01", choices: [] };
    expect(bridge.convertResponse?.(upstream)).toEqual({ ...upstream, model: "gpt-x" });
    expect(upstream.model).toBe("upstream-x-2025-01-01");
  });

  it("renames every event of a passthrough stream, keeps [DONE], and still drops the usage chunk the client did not ask for", () => {
    const bridge = buildBridge({ ...chatInput('{"model":"gpt-x","stream":true}', "upstream-x"), isStream: true, includeUsage: false });
    const converter = bridge.createStreamConverter!();
    expect(bridge.dropEvent).toBeNull();
    expect(converter.push(undefined, chunk("upstream-x"))).toEqual([{ event: undefined, data: chunk("gpt-x") }]);
    expect(converter.push(undefined, { id: "c1", model: "upstream-x", choices: [], usage: { prompt_tokens: 1, completion_tokens: 1 } })).toEqual([]);
    expect(converter.push(undefined, "[DONE]")).toEqual([{ event: undefined, data: "[DONE]" }]);
    expect(converter.end()).toEqual([]);
  });

  it("forwards the usage chunk, renamed, when the client asked for it", () => {
    const bridge = buildBridge({ ...chatInput('{"model":"gpt-x","stream":true}', "upstream-x"), isStream: true, includeUsage: true });
    const usage = { id: "c1", model: "upstream-x", choices: [], usage: { prompt_tokens: 1, completion_tokens: 1 } };
    expect(bridge.createStreamConverter!().push(undefined, usage)).toEqual([{ event: undefined, data: { ...usage, model: "gpt-x" } }]);
  });

  it("renames Anthropic's message_start and the Responses events' response object", () => {
    const messages = buildBridge({ ...chatInput('{"model":"gpt-x","max_tokens":5,"messages":[]}', "claude-up"), protocol: "messages", channel: { type: "anthropic", supportsResponses: false }, isStream: true });
    const start = { type: "message_start", message: { id: "m1", model: "claude-up", content: [] } };
    expect(messages.createStreamConverter!().push("message_start", start)).toEqual([{ event: "message_start", data: { ...start, message: { ...start.message, model: "gpt-x" } } }]);
    const delta = { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "model" } };
    expect(messages.createStreamConverter!().push("content_block_delta", delta)).toEqual([{ event: "content_block_delta", data: delta }]);
    const responses = buildBridge({ ...chatInput('{"model":"gpt-x","input":"Hi"}', "upstream-x"), protocol: "responses", channel: { type: "openai", supportsResponses: true }, isStream: true });
    const created = { type: "response.created", sequence_number: 0, response: { id: "r1", model: "upstream-x", output: [] } };
    expect(responses.createStreamConverter!().push("response.created", created)).toEqual([{ event: "response.created", data: { ...created, response: { ...created.response, model: "gpt-x" } } }]);
  });

  it("changes nothing without a mapping: the upstream's bytes pass untouched", () => {
    const bridge = buildBridge({ ...chatInput('{"model":"gpt-x","stream":true}', "gpt-x"), isStream: true, includeUsage: true });
    expect(bridge.convertResponse).toBeNull();
    expect(bridge.createStreamConverter).toBeNull();
  });
});
