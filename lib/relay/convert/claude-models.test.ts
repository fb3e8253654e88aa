import { describe, expect, it } from "vitest";
import { CONTINUE_INSTRUCTION, claudeTraits, claudeVersion, forClaudeModel, thinkingFor } from "./claude-models";

describe("claudeVersion", () => {
  it("reads the names operators write: aliases, dated snapshots, Bedrock and Vertex forms, the legacy order", () => {
    expect(claudeVersion("claude-opus-4-8")).toBe(4.8);
    expect(claudeVersion("claude-sonnet-4-6")).toBe(4.6);
    expect(claudeVersion("claude-sonnet-4-20250514")).toBe(4);
    expect(claudeVersion("claude-haiku-4-5-20251001")).toBe(4.5);
    expect(claudeVersion("us.anthropic.claude-opus-4-1-20250805-v1:0")).toBe(4.1);
    expect(claudeVersion("claude-opus-4-1@20250805")).toBe(4.1);
    expect(claudeVersion("anthropic/claude-sonnet-4.5")).toBe(4.5);
    expect(claudeVersion("claude-3-7-sonnet-latest")).toBe(3.7);
    expect(claudeVersion("claude-3-opus-20240229")).toBe(3);
    expect(claudeVersion("claude-sonnet-5")).toBe(5);
    expect(claudeVersion("Claude-Opus-5-5")).toBe(5.5);
  });

  it("is null for names that are not a Claude model's", () => {
    for (const name of ["claude-test", "claude", "kimi-k2", "deepseek-chat", "glm-4.6", "gpt-5", "claude-opus-latest", "my-claude-proxy"]) expect(claudeVersion(name)).toBeNull();
  });
});

describe("claudeTraits", () => {
  it("what each generation refuses and how it thinks", () => {
    expect(claudeTraits("claude-opus-4-8")).toMatchObject({ refusesSampling: true, refusesTemperatureWithTopP: false, thinking: "adaptive", omitsThinkingText: true });
    expect(claudeTraits("claude-opus-4-8")?.efforts).toContain("xhigh");
    expect(claudeTraits("claude-sonnet-5")).toMatchObject({ refusesSampling: true, thinking: "adaptive" });
    expect(claudeTraits("claude-sonnet-4-6")).toMatchObject({ refusesSampling: false, refusesTemperatureWithTopP: true, thinking: "adaptive", efforts: ["low", "medium", "high"], omitsThinkingText: false });
    expect(claudeTraits("claude-haiku-4-5")).toMatchObject({ refusesSampling: false, refusesTemperatureWithTopP: true, thinking: "budget", efforts: [] });
    expect(claudeTraits("claude-3-7-sonnet-20250219")).toMatchObject({ refusesTemperatureWithTopP: false, thinking: "budget" });
    expect(claudeTraits("claude-3-5-haiku-20241022")).toMatchObject({ refusesSampling: false, thinking: null, efforts: [] });
    expect(claudeTraits("claude-opus-5")).toMatchObject({ thinksByDefault: true, canTurnThinkingOff: true, refusesSampling: true });
    expect(claudeTraits("claude-fable-5-1")).toMatchObject({ thinksByDefault: true, canTurnThinkingOff: false });
    expect(claudeTraits("claude-opus-4-8")).toMatchObject({ thinksByDefault: false, canTurnThinkingOff: true });
    expect(claudeTraits("deepseek-chat")).toBeNull();
  });

  it("preserved thinking from Fable and Mythos 5.1 and the 5.5 models on; not Opus 5 nor 4.x", () => {
    for (const name of ["claude-fable-5-1", "claude-mythos-5-2", "claude-opus-5-5", "claude-sonnet-5-5", "claude-haiku-5-5"]) expect(claudeTraits(name)?.preservesThinking).toBe(true);
    for (const name of ["claude-opus-5", "claude-opus-4-8", "claude-sonnet-4-6"]) expect(claudeTraits(name)?.preservesThinking).toBe(false);
  });

  it("a prefill (a conversation ending with the assistant's turn) is refused from 4.6 on", () => {
    for (const name of ["claude-sonnet-4-6", "claude-opus-4-6-20260205", "us.anthropic.claude-opus-4-8-v1:0", "claude-opus-5", "claude-fable-5-1"]) expect(claudeTraits(name)?.refusesPrefill).toBe(true);
    for (const name of ["claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1@20250805", "claude-3-7-sonnet-latest"]) expect(claudeTraits(name)?.refusesPrefill).toBe(false);
  });
});

describe("thinkingFor", () => {
  const opus48 = claudeTraits("claude-opus-4-8")!;
  const sonnet46 = claudeTraits("claude-sonnet-4-6")!;
  const sonnet45 = claudeTraits("claude-sonnet-4-5")!;
  const thinks = { maxTokens: 64_000, canThink: true };

  it("adaptive models: thinking and the effort (the nearest one the model takes); none and minimal think not, at low effort", () => {
    expect(thinkingFor(opus48, "xhigh", thinks)).toEqual({ thinking: { type: "adaptive", display: "summarized" }, effort: "xhigh" });
    expect(thinkingFor(sonnet46, "xhigh", thinks)).toEqual({ thinking: { type: "adaptive" }, effort: "high" });
    expect(thinkingFor(sonnet46, "minimal", thinks)).toEqual({ effort: "low" });
    expect(thinkingFor(opus48, "none", thinks)).toEqual({ effort: "low" });
    expect(thinkingFor(sonnet46, "medium", { maxTokens: 64_000, canThink: false })).toEqual({ effort: "medium" });
  });

  it("budget models: a budget by effort, leaving 1,024 tokens to the answer, none when that leaves less than the minimum", () => {
    expect(thinkingFor(sonnet45, "low", thinks)).toEqual({ thinking: { type: "enabled", budget_tokens: 2_048 } });
    expect(thinkingFor(sonnet45, "medium", thinks)).toEqual({ thinking: { type: "enabled", budget_tokens: 8_192 } });
    expect(thinkingFor(sonnet45, "high", { maxTokens: 10_000, canThink: true })).toEqual({ thinking: { type: "enabled", budget_tokens: 8_976 } });
    expect(thinkingFor(sonnet45, "high", { maxTokens: 2_047, canThink: true })).toEqual({});
    expect(thinkingFor(sonnet45, "high", { maxTokens: 64_000, canThink: false })).toEqual({});
  });

  it("an effort it does not know asks for nothing", () => {
    expect(thinkingFor(sonnet45, "constructor", thinks)).toEqual({});
    expect(thinkingFor(opus48, "turbo", thinks)).toEqual({});
  });
});

describe("forClaudeModel", () => {
  const base = { model: "x", max_tokens: 8_000, messages: [{ role: "user" as const, content: "Hi" }] };

  it("leaves out the sampling the upstream model refuses, and keeps temperature alone where both are refused together", () => {
    expect(forClaudeModel({ ...base, temperature: 0.2, top_p: 0.9, top_k: 5 }, "claude-opus-4-7")).toEqual(base);
    expect(forClaudeModel({ ...base, temperature: 0.2, top_p: 0.9 }, "claude-sonnet-4-6")).toEqual({ ...base, temperature: 0.2 });
    expect(forClaudeModel({ ...base, top_p: 0.9 }, "claude-sonnet-4-6")).toEqual({ ...base, top_p: 0.9 });
    expect(forClaudeModel({ ...base, temperature: 0.2, top_p: 0.9 }, "claude-3-5-haiku-20241022")).toEqual({ ...base, temperature: 0.2, top_p: 0.9 });
  });

  it("puts thinking in the form the model takes: a budget as adaptive with an effort, adaptive as a budget", () => {
    expect(forClaudeModel({ ...base, thinking: { type: "enabled", budget_tokens: 2_000 } }, "claude-opus-4-8")).toEqual({
      ...base,
      thinking: { type: "adaptive", display: "summarized" },
      output_config: { effort: "low" },
    });
    // an effort the client gave wins over the budget's; xhigh is high on 4.6
    expect(forClaudeModel({ ...base, thinking: { type: "enabled", budget_tokens: 2_000 }, output_config: { effort: "xhigh" } }, "claude-opus-4-6")).toEqual({
      ...base,
      thinking: { type: "adaptive" },
      output_config: { effort: "high" },
    });
    expect(forClaudeModel({ ...base, thinking: { type: "adaptive" }, output_config: { effort: "medium", format: { type: "json_schema", schema: {} } } }, "claude-haiku-4-5")).toEqual({
      ...base,
      thinking: { type: "enabled", budget_tokens: 6_976 },
      output_config: { format: { type: "json_schema", schema: {} } },
    });
    // no room for the smallest budget, or a model without thinking: none
    expect(forClaudeModel({ ...base, max_tokens: 1_500, thinking: { type: "adaptive" } }, "claude-sonnet-4-5")).toEqual({ ...base, max_tokens: 1_500 });
    expect(forClaudeModel({ ...base, thinking: { type: "enabled", budget_tokens: 2_000 } }, "claude-3-5-haiku-20241022")).toEqual(base);
    // a model that always thinks cannot be told not to
    expect(forClaudeModel({ ...base, thinking: { type: "disabled" } }, "claude-fable-5-1")).toEqual(base);
  });

  it("the same request for a model it already suits, and for names that are not Claude's", () => {
    const request = { ...base, temperature: 0.3, thinking: { type: "enabled", budget_tokens: 2_000 } };
    expect(forClaudeModel(request, "claude-sonnet-4-5")).toEqual(request);
    expect(forClaudeModel({ ...base, top_k: 3 }, "kimi-k2")).toEqual({ ...base, top_k: 3 });
  });

  it("a prefill, for a model that takes none: the turn kept, and a user turn asking for its continuation", () => {
    const prefilled = { ...base, messages: [...base.messages, { role: "assistant" as const, content: "Once upon" }] };
    expect(forClaudeModel(prefilled, "claude-opus-4-8").messages).toEqual([...prefilled.messages, { role: "user", content: [{ type: "text", text: CONTINUE_INSTRUCTION }] }]);
    expect(forClaudeModel(prefilled, "claude-sonnet-4-5")).toEqual(prefilled);
    expect(forClaudeModel(prefilled, "kimi-k2")).toEqual(prefilled);
    expect(forClaudeModel(base, "claude-opus-4-8").messages).toEqual(base.messages);
  });
});
