import { describe, expect, it } from "vitest";
import { geminiThinkingConfig } from "./gemini-thinking";

describe("geminiThinkingConfig", () => {
  it("Gemini 3: a thinking level the model takes (Pro: low or high; Flash: minimal to high)", () => {
    expect(geminiThinkingConfig("gemini-3-pro-preview", "medium")).toEqual({ thinkingLevel: "high", includeThoughts: true });
    expect(geminiThinkingConfig("gemini-3-pro-preview", "minimal")).toEqual({ thinkingLevel: "low", includeThoughts: false });
    expect(geminiThinkingConfig("models/gemini-3.1-pro", "low")).toEqual({ thinkingLevel: "low", includeThoughts: true });
    expect(geminiThinkingConfig("gemini-3-flash-preview", "medium")).toEqual({ thinkingLevel: "medium", includeThoughts: true });
    expect(geminiThinkingConfig("gemini-3-flash-preview", "none")).toEqual({ thinkingLevel: "minimal", includeThoughts: false });
    expect(geminiThinkingConfig("gemini-3-flash-lite", "xhigh")).toEqual({ thinkingLevel: "high", includeThoughts: true });
  });

  it("Gemini 2.5: a budget in the model's range (Pro never 0, Flash at most 24,576)", () => {
    expect(geminiThinkingConfig("gemini-2.5-flash", "low")).toEqual({ thinkingBudget: 1_024, includeThoughts: true });
    expect(geminiThinkingConfig("gemini-2.5-flash-lite-preview-09-2025", "medium")).toEqual({ thinkingBudget: 8_192, includeThoughts: true });
    expect(geminiThinkingConfig("gemini-2.5-flash", "xhigh")).toEqual({ thinkingBudget: 24_576, includeThoughts: true });
    expect(geminiThinkingConfig("gemini-2.5-flash", "none")).toEqual({ thinkingBudget: 0 });
    expect(geminiThinkingConfig("gemini-2.5-pro", "xhigh")).toEqual({ thinkingBudget: 32_768, includeThoughts: true });
    expect(geminiThinkingConfig("gemini-2.5-pro", "minimal")).toEqual({ thinkingBudget: 128 });
  });

  it("nothing for models without thinking, names it does not know, or an effort it does not know", () => {
    for (const model of ["gemini-2.0-flash", "gemini-1.5-pro", "gemma-3-27b-it", "gemini-flash-latest", "text-embedding-004"]) expect(geminiThinkingConfig(model, "high")).toBeNull();
    expect(geminiThinkingConfig("gemini-2.5-flash", "turbo")).toBeNull();
    expect(geminiThinkingConfig("gemini-2.5-flash", "constructor")).toBeNull();
  });
});
