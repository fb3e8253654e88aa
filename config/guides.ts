/**
 * Integration guides as data: one entry per tool, its steps (text lives in messages/<locale>/guides.json under
 * `<key>.steps.<step>`) and the exact code for each step, built from the site's real origin. Add a guide by adding
 * an entry here and its text to both catalogs.
 */
import type { CodeSample } from "@/components/marketing/code-block";

export const KEY_PLACEHOLDER = "sk-your-switchyard-key";

/** What a guide's code is built from: the site's origin and model ids this site serves (exampleModels). */
export type GuideSite = { origin: string; models: ExampleModels };
export type GuideStep = { key: string; code?: (site: GuideSite) => CodeSample[] };
export type Guide = {
  slug: string;
  /** namespace key in guides.json */
  key: string;
  steps: GuideStep[];
  /** keys of guides.json `troubleshooting.*` that apply, in order */
  troubleshooting: string[];
};

/** Model ids for the samples: ones this site serves, so a copied sample works as it is. */
export type ExampleModels = { openai: string; anthropic: string; fast: string; chat: string[] };

const PREFERRED = {
  openai: ["gpt-4o", "gpt-4.1", "gpt-4o-mini"],
  anthropic: ["claude-sonnet-4-6", "claude-sonnet-4-5", "claude-sonnet-4"],
  /** Claude Code's background model (ANTHROPIC_SMALL_FAST_MODEL) */
  fast: ["claude-haiku-4-5", "claude-3-5-haiku-latest", "gpt-4o-mini"],
};
/** When the site serves no chat model yet (a fresh install): the names most customers know. */
const FALLBACK: ExampleModels = { openai: "gpt-4o", anthropic: "claude-sonnet-4-6", fast: "claude-haiku-4-5", chat: ["claude-sonnet-4-6", "gpt-4o", "deepseek-chat"] };

/**
 * Pick the samples' models from the served chat models (the models page's list, in its order): a well-known id of
 * the vendor when served, else that vendor's first, else any served chat model (every model answers both protocols).
 */
export function exampleModels(served: { id: string; vendor: string; kind: string }[]): ExampleModels {
  const chat = served.filter((model) => model.kind === "chat");
  if (chat.length === 0) return FALLBACK;
  const pick = (vendor: "openai" | "anthropic") =>
    PREFERRED[vendor].find((id) => chat.some((model) => model.id === id)) ?? chat.find((model) => model.vendor === vendor)?.id ?? chat[0].id;
  const openai = pick("openai");
  const anthropic = pick("anthropic");
  const fast = PREFERRED.fast.find((id) => chat.some((model) => model.id === id)) ?? anthropic;
  const others = chat.map((model) => model.id).filter((id) => id !== openai && id !== anthropic);
  return { openai, anthropic, fast, chat: [...new Set([anthropic, openai, ...others])].slice(0, 3) };
}

const sh = (id: string, label: string, code: string): CodeSample => ({ id, label, language: "bash", code });

export const GUIDES: Guide[] = [
  {
    slug: "claude-code",
    key: "claudeCode",
    steps: [
      { key: "key" },
      {
        key: "env",
        code: ({ origin }) => [
          sh("unix", "macOS / Linux", `export ANTHROPIC_BASE_URL="${origin}"\nexport ANTHROPIC_AUTH_TOKEN="${KEY_PLACEHOLDER}"\n# optional: long tasks\nexport API_TIMEOUT_MS=3000000\nclaude`),
          { id: "windows", label: "Windows (PowerShell)", language: "powershell", code: `$env:ANTHROPIC_BASE_URL = "${origin}"\n$env:ANTHROPIC_AUTH_TOKEN = "${KEY_PLACEHOLDER}"\n$env:API_TIMEOUT_MS = "3000000"\nclaude` },
        ],
      },
      {
        key: "settings",
        code: ({ origin }) => [
          {
            id: "settings",
            label: "~/.claude/settings.json",
            language: "json",
            code: JSON.stringify({ env: { ANTHROPIC_BASE_URL: origin, ANTHROPIC_AUTH_TOKEN: KEY_PLACEHOLDER, API_TIMEOUT_MS: "3000000" } }, null, 2),
          },
        ],
      },
      {
        key: "model",
        code: ({ models }) => [
          sh("unix", "macOS / Linux", `export ANTHROPIC_MODEL="${models.anthropic}"\nexport ANTHROPIC_SMALL_FAST_MODEL="${models.fast}"`),
          { id: "windows", label: "Windows (PowerShell)", language: "powershell", code: `$env:ANTHROPIC_MODEL = "${models.anthropic}"\n$env:ANTHROPIC_SMALL_FAST_MODEL = "${models.fast}"` },
          { id: "settings", label: "~/.claude/settings.json", language: "json", code: JSON.stringify({ env: { ANTHROPIC_MODEL: models.anthropic, ANTHROPIC_SMALL_FAST_MODEL: models.fast } }, null, 2) },
        ],
      },
      { key: "verify", code: () => [sh("check", "Terminal", `echo $ANTHROPIC_BASE_URL\necho $ANTHROPIC_AUTH_TOKEN | cut -c1-7\nclaude -p "Say hello"`)] },
    ],
    troubleshooting: ["baseUrlRoot", "staleEnv", "apiKeyConflict", "timeout", "unauthorized", "balance"],
  },
  {
    slug: "codex-cli",
    key: "codexCli",
    steps: [
      { key: "key" },
      {
        key: "config",
        code: ({ origin, models }) => [
          {
            id: "toml",
            label: "~/.codex/config.toml",
            language: "toml",
            code: `model = "${models.openai}"\nmodel_provider = "switchyard"\n\n[model_providers.switchyard]\nname = "Switchyard"\nbase_url = "${origin}/v1"\nenv_key = "SWITCHYARD_API_KEY"\nwire_api = "responses"`,
          },
        ],
      },
      {
        key: "env",
        code: () => [
          sh("unix", "macOS / Linux", `export SWITCHYARD_API_KEY="${KEY_PLACEHOLDER}"\ncodex`),
          { id: "windows", label: "Windows (PowerShell)", language: "powershell", code: `$env:SWITCHYARD_API_KEY = "${KEY_PLACEHOLDER}"\ncodex` },
        ],
      },
      { key: "model" },
    ],
    troubleshooting: ["baseUrlV1", "wireApi", "staleEnv", "timeout", "unauthorized", "balance"],
  },
  {
    slug: "cursor",
    key: "cursor",
    steps: [
      { key: "key" },
      { key: "apiKey" },
      { key: "baseUrl", code: ({ origin }) => [{ id: "url", label: "Override OpenAI Base URL", language: "text", code: `${origin}/v1` }] },
      { key: "models", code: ({ models }) => [{ id: "models", label: "Models", language: "text", code: models.chat.join("\n") }] },
      { key: "verify" },
    ],
    troubleshooting: ["baseUrlV1", "cursorVerify", "modelNotFound", "unauthorized", "balance"],
  },
  {
    slug: "openai-sdk",
    key: "openaiSdk",
    steps: [
      { key: "install", code: () => [sh("python", "Python", "pip install openai"), sh("node", "TypeScript", "npm install openai")] },
      {
        key: "client",
        code: ({ origin, models }) => [
          {
            id: "python",
            label: "Python",
            language: "python",
            code: `from openai import OpenAI\n\nclient = OpenAI(\n    base_url="${origin}/v1",\n    api_key="${KEY_PLACEHOLDER}",\n)\n\nresponse = client.chat.completions.create(\n    model="${models.openai}",\n    messages=[{"role": "user", "content": "Hello"}],\n)\nprint(response.choices[0].message.content)`,
          },
          {
            id: "typescript",
            label: "TypeScript",
            language: "typescript",
            code: `import OpenAI from "openai";\n\nconst client = new OpenAI({\n  baseURL: "${origin}/v1",\n  apiKey: process.env.SWITCHYARD_API_KEY,\n});\n\nconst response = await client.chat.completions.create({\n  model: "${models.openai}",\n  messages: [{ role: "user", content: "Hello" }],\n});\nconsole.log(response.choices[0].message.content);`,
          },
        ],
      },
      {
        key: "stream",
        code: ({ origin, models }) => [
          {
            id: "python",
            label: "Python",
            language: "python",
            code: `stream = client.chat.completions.create(\n    model="${models.openai}",\n    messages=[{"role": "user", "content": "Write a haiku"}],\n    stream=True,\n    stream_options={"include_usage": True},\n)\nfor chunk in stream:\n    if chunk.choices and chunk.choices[0].delta.content:\n        print(chunk.choices[0].delta.content, end="")`,
          },
          sh("env", "Environment", `export OPENAI_BASE_URL="${origin}/v1"\nexport OPENAI_API_KEY="${KEY_PLACEHOLDER}"`),
        ],
      },
      {
        key: "reasoning",
        code: ({ models }) => [
          {
            id: "python",
            label: "Python",
            language: "python",
            code: `response = client.chat.completions.create(\n    model="${models.anthropic}",\n    reasoning_effort="medium",\n    messages=[{"role": "user", "content": "Plan a three-day trip to Kyoto"}],\n)\nmessage = response.choices[0].message\n# the model's thinking (where it shares it), then its answer\nprint(getattr(message, "reasoning_content", None))\nprint(message.content)\n\nanswer = client.chat.completions.create(\n    model="${models.anthropic}",\n    response_format={"type": "json_object"},\n    messages=[{"role": "user", "content": "Three fruits and their colours, as JSON"}],\n)\nprint(answer.choices[0].message.content)  # one JSON object`,
          },
        ],
      },
    ],
    troubleshooting: ["baseUrlV1", "staleEnv", "timeout", "modelNotFound", "unauthorized", "balance"],
  },
  {
    slug: "anthropic-sdk",
    key: "anthropicSdk",
    steps: [
      { key: "install", code: () => [sh("python", "Python", "pip install anthropic"), sh("node", "TypeScript", "npm install @anthropic-ai/sdk")] },
      {
        key: "client",
        code: ({ origin, models }) => [
          {
            id: "python",
            label: "Python",
            language: "python",
            code: `import anthropic\n\nclient = anthropic.Anthropic(\n    base_url="${origin}",\n    api_key="${KEY_PLACEHOLDER}",\n)\n\nmessage = client.messages.create(\n    model="${models.anthropic}",\n    max_tokens=1024,\n    messages=[{"role": "user", "content": "Hello"}],\n)\nprint(message.content[0].text)`,
          },
          {
            id: "typescript",
            label: "TypeScript",
            language: "typescript",
            code: `import Anthropic from "@anthropic-ai/sdk";\n\nconst client = new Anthropic({\n  baseURL: "${origin}",\n  apiKey: process.env.SWITCHYARD_API_KEY,\n});\n\nconst message = await client.messages.create({\n  model: "${models.anthropic}",\n  max_tokens: 1024,\n  messages: [{ role: "user", content: "Hello" }],\n});\nconsole.log(message.content);`,
          },
        ],
      },
      { key: "env", code: ({ origin }) => [sh("env", "Environment", `export ANTHROPIC_BASE_URL="${origin}"\nexport ANTHROPIC_API_KEY="${KEY_PLACEHOLDER}"`)] },
    ],
    troubleshooting: ["baseUrlRoot", "staleEnv", "timeout", "modelNotFound", "unauthorized", "balance"],
  },
  {
    slug: "langchain",
    key: "langchain",
    steps: [
      { key: "install", code: () => [sh("python", "Python", "pip install langchain-openai langchain-anthropic"), sh("node", "TypeScript", "npm install @langchain/openai")] },
      {
        key: "openai",
        code: ({ origin, models }) => [
          {
            id: "python",
            label: "Python",
            language: "python",
            code: `from langchain_openai import ChatOpenAI\n\nllm = ChatOpenAI(\n    model="${models.openai}",\n    base_url="${origin}/v1",\n    api_key="${KEY_PLACEHOLDER}",\n    timeout=120,\n)\nprint(llm.invoke("Hello").content)`,
          },
          {
            id: "typescript",
            label: "TypeScript",
            language: "typescript",
            code: `import { ChatOpenAI } from "@langchain/openai";\n\nconst llm = new ChatOpenAI({\n  model: "${models.openai}",\n  apiKey: process.env.SWITCHYARD_API_KEY,\n  configuration: { baseURL: "${origin}/v1" },\n});\nconsole.log((await llm.invoke("Hello")).content);`,
          },
        ],
      },
      {
        key: "anthropic",
        code: ({ origin, models }) => [
          {
            id: "python",
            label: "Python",
            language: "python",
            code: `from langchain_anthropic import ChatAnthropic\n\nllm = ChatAnthropic(\n    model="${models.anthropic}",\n    base_url="${origin}",\n    api_key="${KEY_PLACEHOLDER}",\n)\nprint(llm.invoke("Hello").content)`,
          },
        ],
      },
    ],
    troubleshooting: ["baseUrlV1", "staleEnv", "timeout", "modelNotFound", "unauthorized"],
  },
];

export function findGuide(slug: string): Guide | undefined {
  return GUIDES.find((guide) => guide.slug === slug);
}

/**
 * The landing page's code card: one sample per way in (Claude Code, Codex CLI, the two SDKs), taken from the guides'
 * own steps so the two never disagree, each labelled with its tool.
 */
export function landingSamples(site: GuideSite): CodeSample[] {
  const pick = (slug: string, step: string, id: string, label: string): CodeSample[] => {
    const sample = findGuide(slug)?.steps.find((s) => s.key === step)?.code?.(site).find((s) => s.id === id);
    return sample ? [{ ...sample, id: slug, label }] : [];
  };
  return [
    ...pick("claude-code", "env", "unix", "Claude Code"),
    ...pick("codex-cli", "config", "toml", "Codex CLI"),
    ...pick("openai-sdk", "client", "python", "OpenAI SDK"),
    ...pick("anthropic-sdk", "client", "python", "Anthropic SDK"),
  ];
}
