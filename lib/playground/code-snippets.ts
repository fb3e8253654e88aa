/**
 * "Copy as code" for the playground: the same chat request as curl, Python (openai), TypeScript (openai) and the
 * Anthropic SDK, pointed at this site's real base URLs. Pure (safe in the browser).
 */
import type { PlaygroundMessage } from "./playground-messages";

export type SnippetInput = {
  origin: string;
  model: string;
  messages: PlaygroundMessage[];
  temperature?: number;
  maxTokens?: number;
  /** reasoning_effort (OpenAI protocol); Anthropic's protocol reads it as output_config.effort */
  reasoningEffort?: string;
  apiKey?: string;
};

export const SNIPPET_KEY_PLACEHOLDER = "sk-your-switchyard-key";

const py = (value: unknown): string => JSON.stringify(value, null, 4).replace(/\btrue\b/g, "True").replace(/\bfalse\b/g, "False").replace(/\bnull\b/g, "None");
const indent = (text: string, spaces: number): string => text.split("\n").join(`\n${" ".repeat(spaces)}`);

export function curlSnippet({ origin, model, messages, temperature, maxTokens, reasoningEffort, apiKey = SNIPPET_KEY_PLACEHOLDER }: SnippetInput): string {
  const body = {
    model,
    messages,
    ...(temperature === undefined ? {} : { temperature }),
    ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
    ...(reasoningEffort === undefined ? {} : { reasoning_effort: reasoningEffort }),
    stream: true,
  };
  const json = JSON.stringify(body, null, 2).replace(/'/g, "'\\''");
  return `curl ${origin}/v1/chat/completions \\\n  -H "Authorization: Bearer ${apiKey}" \\\n  -H "Content-Type: application/json" \\\n  -d '${json}'`;
}

export function pythonSnippet({ origin, model, messages, temperature, maxTokens, reasoningEffort, apiKey = SNIPPET_KEY_PLACEHOLDER }: SnippetInput): string {
  const options = [
    `    model=${JSON.stringify(model)},`,
    `    messages=${indent(py(messages), 4)},`,
    ...(temperature === undefined ? [] : [`    temperature=${temperature},`]),
    ...(maxTokens === undefined ? [] : [`    max_tokens=${maxTokens},`]),
    ...(reasoningEffort === undefined ? [] : [`    reasoning_effort=${JSON.stringify(reasoningEffort)},`]),
    "    stream=True,",
  ];
  return [
    "from openai import OpenAI",
    "",
    `client = OpenAI(base_url=${JSON.stringify(`${origin}/v1`)}, api_key=${JSON.stringify(apiKey)})`,
    "",
    "stream = client.chat.completions.create(",
    ...options,
    ")",
    "for chunk in stream:",
    "    if chunk.choices and chunk.choices[0].delta.content:",
    '        print(chunk.choices[0].delta.content, end="")',
  ].join("\n");
}

export function typescriptSnippet({ origin, model, messages, temperature, maxTokens, reasoningEffort, apiKey = SNIPPET_KEY_PLACEHOLDER }: SnippetInput): string {
  const options = [
    `  model: ${JSON.stringify(model)},`,
    `  messages: ${indent(JSON.stringify(messages, null, 2), 2)},`,
    ...(temperature === undefined ? [] : [`  temperature: ${temperature},`]),
    ...(maxTokens === undefined ? [] : [`  max_tokens: ${maxTokens},`]),
    ...(reasoningEffort === undefined ? [] : [`  reasoning_effort: ${JSON.stringify(reasoningEffort)},`]),
    "  stream: true,",
  ];
  return [
    'import OpenAI from "openai";',
    "",
    `const client = new OpenAI({ baseURL: ${JSON.stringify(`${origin}/v1`)}, apiKey: ${apiKey === SNIPPET_KEY_PLACEHOLDER ? "process.env.SWITCHYARD_API_KEY" : JSON.stringify(apiKey)} });`,
    "",
    "const stream = await client.chat.completions.create({",
    ...options,
    "});",
    "for await (const chunk of stream) {",
    '  process.stdout.write(chunk.choices[0]?.delta?.content ?? "");',
    "}",
  ].join("\n");
}

/** Anthropic's Messages API takes the system prompt apart and requires max_tokens; the effort is output_config's. */
export function anthropicSnippet({ origin, model, messages, temperature, maxTokens, reasoningEffort, apiKey = SNIPPET_KEY_PLACEHOLDER }: SnippetInput): string {
  const system = messages.filter((m) => m.role === "system").map((m) => m.content).join("\n\n");
  const turns = messages.filter((m) => m.role !== "system");
  const options = [
    `    model=${JSON.stringify(model)},`,
    `    max_tokens=${maxTokens ?? 1024},`,
    ...(system ? [`    system=${JSON.stringify(system)},`] : []),
    `    messages=${indent(py(turns), 4)},`,
    ...(temperature === undefined ? [] : [`    temperature=${Math.min(temperature, 1)},`]),
    ...(reasoningEffort === undefined ? [] : [`    output_config={"effort": ${JSON.stringify(reasoningEffort)}},`]),
  ];
  return [
    "import anthropic",
    "",
    `client = anthropic.Anthropic(base_url=${JSON.stringify(origin)}, api_key=${JSON.stringify(apiKey)})`,
    "",
    "with client.messages.stream(",
    ...options,
    ") as stream:",
    "    for text in stream.text_stream:",
    '        print(text, end="")',
  ].join("\n");
}
