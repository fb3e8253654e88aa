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
