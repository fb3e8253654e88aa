import { describe, expect, it } from "vitest";
import { countResponsesPrompt } from "../tokens/count-prompt";
import { anthropicBlock, decodeThinking, encodeThinking, thinkingBlocksOf, wantsEncryptedReasoning, withoutRelayReasoning } from "./thinking-blocks";

const signed = { type: "thinking" as const, thinking: "Weighing it — ünïcode.", signature: "EqQBCgIYAhIM-sig" };
const redacted = { type: "redacted_thinking" as const, data: "EmwKAhgBEgy-redacted" };

describe("thinking blocks carried in a reasoning item", () => {
  it("go out and come back as they were, thinking and redacted", () => {
    const encrypted = encodeThinking([signed, redacted]);
    expect(encrypted).toMatch(/^switchyard-thinking-v1:[A-Za-z0-9+/=]+$/);
    expect(decodeThinking(encrypted)).toEqual([signed, redacted]);
    // a block's place in the response travels too, and never reaches Anthropic
    const placed = decodeThinking(encodeThinking([{ ...signed, index: 2 }]));
    expect(placed).toEqual([{ ...signed, index: 2 }]);
    expect(anthropicBlock(placed[0])).toEqual(signed);
    expect(thinkingBlocksOf([{ ...signed, index: -1 }, { ...redacted, index: 1.5 }])).toEqual([signed, redacted]);
  });

  it("an OpenAI upstream's own encrypted content, a damaged payload or a block without its signature give none", () => {
    expect(decodeThinking("gAAAAABo-openai")).toEqual([]);
    expect(decodeThinking("switchyard-thinking-v1:not base64 json")).toEqual([]);
    expect(decodeThinking(null)).toEqual([]);
    expect(thinkingBlocksOf([{ type: "thinking", thinking: "x" }, { type: "thinking", thinking: "x", signature: "" }, { type: "text", text: "x" }, "x", redacted])).toEqual([redacted]);
    expect(thinkingBlocksOf({ type: "thinking" })).toEqual([]);
  });

  it("an OpenAI upstream gets a Responses input without the relay's items (null when there are none)", () => {
    const ours = { type: "reasoning", id: "rs_1", summary: [], encrypted_content: encodeThinking([signed]) };
    const theirs = { type: "reasoning", id: "rs_2", summary: [], encrypted_content: "gAAAAABo-openai" };
    const user = { role: "user", content: "Hi" };
    expect(withoutRelayReasoning([user, ours, theirs])).toEqual([user, theirs]);
    expect(withoutRelayReasoning([user, theirs])).toBeNull();
    expect(withoutRelayReasoning("Hi")).toBeNull();
  });

  it("asked for only by include reasoning.encrypted_content", () => {
    expect(wantsEncryptedReasoning(["reasoning.encrypted_content"])).toBe(true);
    expect(wantsEncryptedReasoning(["message.output_text.logprobs"])).toBe(false);
    expect(wantsEncryptedReasoning("reasoning.encrypted_content")).toBe(false);
  });

  it("a reasoning item's summary counts toward the prompt held for", () => {
    const summary = "A long line of reasoning that the model will read again. ".repeat(20);
    const bare = countResponsesPrompt({ input: [{ type: "reasoning", summary: [] }] });
    expect(countResponsesPrompt({ input: [{ type: "reasoning", summary: [{ type: "summary_text", text: summary }] }] })).toBeGreaterThan(bare + 150);
  });
});
