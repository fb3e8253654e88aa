import { describe, expect, it } from "vitest";
import { exampleModels, GUIDES, landingSamples } from "@/config/guides";

const chat = (id: string, vendor: string) => ({ id, vendor, kind: "chat" });

describe("integration guides' sample models", () => {
  it("prefer the well-known ids when the site serves them (a small Claude for Claude Code's background work)", () => {
    expect(exampleModels([chat("claude-haiku-4-5", "anthropic"), chat("claude-sonnet-4-5", "anthropic")])).toMatchObject({ anthropic: "claude-sonnet-4-5", fast: "claude-haiku-4-5" });
    expect(exampleModels([chat("gpt-4o-mini", "openai"), chat("gpt-4o", "openai"), chat("claude-sonnet-4-5", "anthropic"), chat("deepseek-chat", "deepseek")])).toEqual({
      openai: "gpt-4o",
      anthropic: "claude-sonnet-4-5",
      fast: "gpt-4o-mini",
      chat: ["claude-sonnet-4-5", "gpt-4o", "gpt-4o-mini"],
    });
  });

  it("else the vendor's first served model, else any served chat model (every model answers both protocols)", () => {
    expect(exampleModels([chat("claude-opus-4-1", "anthropic"), chat("qwen-max", "qwen")])).toEqual({ openai: "claude-opus-4-1", anthropic: "claude-opus-4-1", fast: "claude-opus-4-1", chat: ["claude-opus-4-1", "qwen-max"] });
    expect(exampleModels([{ id: "text-embedding-3-small", vendor: "openai", kind: "embedding" }, chat("deepseek-chat", "deepseek")])).toEqual({
      openai: "deepseek-chat",
      anthropic: "deepseek-chat",
      fast: "deepseek-chat",
      chat: ["deepseek-chat"],
    });
  });

  it("fall back to familiar names on a site that serves no chat model yet", () => {
    expect(exampleModels([])).toEqual({ openai: "gpt-4o", anthropic: "claude-sonnet-4-6", fast: "claude-haiku-4-5", chat: ["claude-sonnet-4-6", "gpt-4o", "deepseek-chat"] });
  });

  it("every guide's code names only the site's models and its origin", () => {
    const site = { origin: "https://relay.example", models: exampleModels([chat("deepseek-chat", "deepseek"), chat("kimi-k2", "moonshot")]) };
    const code = GUIDES.flatMap((guide) => guide.steps.flatMap((step) => step.code?.(site) ?? [])).map((sample) => sample.code).join("\n");
    expect(code).not.toMatch(/gpt-4o|claude-sonnet|localhost/);
    expect(code).toContain('model="deepseek-chat"');
    expect(code).toContain("deepseek-chat\nkimi-k2");
    expect(code).toContain('base_url="https://relay.example/v1"');
    // the agents are told which models to ask for: Claude Code's two, Codex's one
    expect(code).toContain('export ANTHROPIC_MODEL="deepseek-chat"\nexport ANTHROPIC_SMALL_FAST_MODEL="deepseek-chat"');
    expect(code).toContain('model = "deepseek-chat"\nmodel_provider = "switchyard"');
  });
});

describe("the landing page's code card", () => {
  it("has one tab per tool, each its guide's own code for this site", () => {
    const site = { origin: "https://relay.example", models: exampleModels([chat("deepseek-chat", "deepseek")]) };
    const samples = landingSamples(site);
    expect(samples.map((sample) => sample.label)).toEqual(["Claude Code", "Codex CLI", "OpenAI SDK", "Anthropic SDK"]);
    expect(new Set(samples.map((sample) => sample.id)).size).toBe(samples.length);
    const guideCode = GUIDES.flatMap((guide) => guide.steps.flatMap((step) => step.code?.(site) ?? [])).map((sample) => sample.code);
    for (const sample of samples) expect(guideCode).toContain(sample.code);
    expect(samples[0].code).toContain('export ANTHROPIC_BASE_URL="https://relay.example"');
    expect(samples[1].code).toContain('base_url = "https://relay.example/v1"');
    expect(samples[2].code).toContain('base_url="https://relay.example/v1"');
    expect(samples[3].code).toContain('model="deepseek-chat"');
  });
});
