import { describe, expect, it } from "vitest";
import { effortOfAnthropic, effortOfReasoning, forOpenAiChatModel, hasWhatReasoningModelsRefuse, isOpenAiReasoningModel, takesReasoningBack, withoutRelayReasoningFields } from "./openai-reasoning";

describe("OpenAI reasoning models in converted requests", () => {
  it("knows the o-series and the GPT-5 family, not the chat models nor other vendors' names", () => {
    for (const model of ["o1", "o1-preview", "o3", "o3-mini", "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-5-pro", "gpt-5-codex", "gpt-5.1", "gpt-5.1-codex-max", "gpt-5.4-mini"]) {
      expect(isOpenAiReasoningModel(model), model).toBe(true);
    }
    for (const model of ["gpt-4o", "gpt-4.1", "gpt-5-chat-latest", "gpt-5.1-chat-latest", "omni-moderation-latest", "openai/gpt-5", "deepseek-reasoner", "qwen-plus", "o", "gpt-oss-120b"]) {
      expect(isOpenAiReasoningModel(model), model).toBe(false);
    }
  });

  it("reads an effort from a thinking budget and from reasoning.effort", () => {
    const thinking = (budget_tokens: number) => ({ thinking: { type: "enabled", budget_tokens } });
    expect(effortOfAnthropic(thinking(1_024))).toBe("low");
    expect(effortOfAnthropic(thinking(4_096))).toBe("low");
    expect(effortOfAnthropic(thinking(4_097))).toBe("medium");
    expect(effortOfAnthropic(thinking(16_384))).toBe("medium");
    expect(effortOfAnthropic(thinking(31_999))).toBe("high");
    expect(effortOfAnthropic({ thinking: { type: "adaptive" } })).toBeUndefined();
    expect(effortOfAnthropic({ thinking: { type: "disabled" } })).toBeUndefined();
    expect(effortOfAnthropic({})).toBeUndefined();
    // output_config.effort, when given, says it directly
    expect(effortOfAnthropic({ ...thinking(31_999), output_config: { effort: "low" } })).toBe("low");
    expect(effortOfAnthropic({ thinking: { type: "adaptive" }, output_config: { effort: "max" } })).toBe("high");
    expect(effortOfAnthropic({ output_config: { effort: "medium", format: { type: "json_schema" } } })).toBe("medium");
    expect(effortOfAnthropic({ output_config: { effort: "extreme" } })).toBeUndefined();
    expect(effortOfReasoning({ effort: "minimal", summary: "auto" })).toBe("minimal");
    expect(effortOfReasoning({ effort: "x".repeat(40) })).toBeUndefined();
    expect(effortOfReasoning({ effort: 3 })).toBeUndefined();
    expect(effortOfReasoning(null)).toBeUndefined();
  });

  it("adapts only a reasoning model's request, keeping a max_completion_tokens the request already has", () => {
    const base = { model: "o3", messages: [{ role: "user" as const, content: "Hi" }], max_tokens: 100, temperature: 0, top_p: 1, stream: true };
    expect(forOpenAiChatModel(base, { effort: "medium" })).toEqual({ model: "o3", messages: base.messages, max_completion_tokens: 100, top_p: 1, stream: true, reasoning_effort: "medium" });
    expect(forOpenAiChatModel({ ...base, max_completion_tokens: 50 })).toEqual({ model: "o3", messages: base.messages, max_completion_tokens: 50, top_p: 1, stream: true });
    expect(hasWhatReasoningModelsRefuse(base)).toBe(true);
    expect(hasWhatReasoningModelsRefuse({ temperature: 1, top_p: 1, max_tokens: null })).toBe(false);
    expect(hasWhatReasoningModelsRefuse({ top_p: 0.5 })).toBe(true);
    expect(hasWhatReasoningModelsRefuse({})).toBe(false);
    const chat = { ...base, model: "gpt-4o" };
    expect(forOpenAiChatModel(chat, { effort: "high" })).toBe(chat);
  });
});

describe("models that want their reasoning back as reasoning_content", () => {
  it("DeepSeek's and Kimi's thinking models (also behind a router's prefix); not OpenAI's, nor other hosts' distillations", () => {
    for (const model of ["deepseek-reasoner", "deepseek-v4-pro", "deepseek-v4-flash", "deepseek-chat", "deepseek/deepseek-v4-pro", "kimi-k2-thinking", "kimi-k2.5", "moonshotai/kimi-k2.6"]) expect(takesReasoningBack(model)).toBe(true);
    for (const model of ["gpt-4o", "o4-mini", "gpt-5", "deepseek-r1-distill-llama-70b", "kimi-k2-instruct", "qwen3-max", "claude-sonnet-4-6"]) expect(takesReasoningBack(model)).toBe(false);
  });
});

describe("the relay's reasoning fields on the way to OpenAI's own models", () => {
  const chat = {
    model: "x",
    messages: [
      { role: "user" as const, content: "Hi" },
      { role: "assistant" as const, content: "Hello.", reasoning_content: "Greeting.", thinking_blocks: [] },
    ],
  };
  const raw = Buffer.from(JSON.stringify(chat));

  it("are taken out for GPT and o-series names (fine-tunes too); others keep them", () => {
    for (const model of ["gpt-4o", "gpt-5-mini", "o4-mini", "chatgpt-4o-latest", "ft:gpt-4o-mini:acme::abc"]) {
      expect(withoutRelayReasoningFields(chat, raw, model)?.messages[1]).toEqual({ role: "assistant", content: "Hello." });
    }
    for (const model of ["deepseek-reasoner", "qwen3-max", "glm-4.6", "kimi-k2-thinking"]) expect(withoutRelayReasoningFields(chat, raw, model)).toBeNull();
  });

  it("a request without them is left alone, decided on its bytes", () => {
    const plain = { model: "x", messages: [{ role: "user" as const, content: 'say "reasoning_content"' }] };
    expect(withoutRelayReasoningFields(plain, Buffer.from(JSON.stringify(plain)), "gpt-4o")).toBeNull();
  });
});
