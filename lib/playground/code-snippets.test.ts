import { describe, expect, it } from "vitest";
import { anthropicSnippet, curlSnippet, pythonSnippet, typescriptSnippet } from "./code-snippets";

const input = {
  origin: "https://relay.example.com",
  model: "gpt-4o",
  messages: [
    { role: "system" as const, content: "Be brief" },
    { role: "user" as const, content: "It's \"quoted\"" },
  ],
  temperature: 0.7,
  maxTokens: 256,
};

describe("playground code snippets", () => {
  it("curl posts the exact body to the real /v1 URL, shell-quoted", () => {
    const text = curlSnippet(input);
    expect(text).toContain("curl https://relay.example.com/v1/chat/completions");
    expect(text).toContain("Authorization: Bearer sk-your-switchyard-key");
    const body = text.slice(text.indexOf("-d '") + 4, text.lastIndexOf("'")).replace(/'\\''/g, "'");
    expect(JSON.parse(body)).toEqual({ model: "gpt-4o", messages: input.messages, temperature: 0.7, max_tokens: 256, stream: true });
  });

  it("Python and TypeScript use the openai clients with base URL /v1 and every parameter", () => {
    const python = pythonSnippet(input);
    expect(python).toContain('OpenAI(base_url="https://relay.example.com/v1"');
    expect(python).toContain("temperature=0.7,");
    expect(python).toContain("max_tokens=256,");
    expect(python).toContain("stream=True,");
    const ts = typescriptSnippet(input);
    expect(ts).toContain('baseURL: "https://relay.example.com/v1"');
    expect(ts).toContain("apiKey: process.env.SWITCHYARD_API_KEY");
    expect(ts).toContain("max_tokens: 256,");
  });

  it("the Anthropic SDK uses the site root, a separate system prompt and a max_tokens", () => {
    const text = anthropicSnippet({ ...input, maxTokens: undefined, temperature: 1.5 });
    expect(text).toContain('anthropic.Anthropic(base_url="https://relay.example.com"');
    expect(text).toContain('system="Be brief"');
    expect(text).toContain("max_tokens=1024,");
    expect(text).toContain("temperature=1,");
    expect(text).not.toContain('"role": "system"');
  });

  it("a reasoning setting: reasoning_effort in every OpenAI snippet, output_config's effort in the Anthropic one", () => {
    const withEffort = { ...input, reasoningEffort: "medium" };
    const body = curlSnippet(withEffort);
    expect(JSON.parse(body.slice(body.indexOf("-d '") + 4, body.lastIndexOf("'")).replace(/'\\''/g, "'"))).toMatchObject({ reasoning_effort: "medium" });
    expect(pythonSnippet(withEffort)).toContain('reasoning_effort="medium",');
    expect(typescriptSnippet(withEffort)).toContain('reasoning_effort: "medium",');
    expect(anthropicSnippet(withEffort)).toContain('output_config={"effort": "medium"},');
    expect(pythonSnippet(input)).not.toContain("reasoning_effort");
  });
});
