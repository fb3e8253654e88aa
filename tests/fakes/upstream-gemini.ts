/**
 * The fake upstream's Gemini protocol: generateContent and streamGenerateContent?alt=sse (CRLF-separated events,
 * cumulative usageMetadata in every chunk, finishReason on the last), thought parts and functionCall parts.
 */
import type { ServerResponse } from "node:http";
import { writeSse, type SseFrame } from "./sse-writer";
import { FAKE_PNG, type FakeBehavior, fakeId, resolved } from "./upstream-types";

/**
 * What generateContent refuses of a thinking config, for the Gemini models it knows here (written out per model from
 * Google's documentation): a level and a budget together; a level on 2.5; a level the model lacks; a budget outside
 * the model's range. Their thought summaries come back only when `includeThoughts` asks for them. Gemini 3 also
 * refuses a model turn whose first function call comes back without a thought signature.
 */
const GEMINI_THINKING: Record<string, { levels: string[] | null; budget: [number, number] | null }> = {
  "gemini-3-pro-preview": { levels: ["low", "high"], budget: null },
  "gemini-3-flash-preview": { levels: ["minimal", "low", "medium", "high"], budget: null },
  "gemini-2.5-pro": { levels: null, budget: [128, 32_768] },
  "gemini-2.5-flash": { levels: null, budget: [0, 24_576] },
};

let signatures = 0;

/** Gemini 3 signs the first function call of a step (the others go unsigned): the signature it gives, or none. */
function signed(model: string, call: Record<string, unknown>): Record<string, unknown> {
  return GEMINI_THINKING[model]?.levels ? { ...call, thoughtSignature: `fake-gemini-signature-${++signatures}` } : call;
}

/** Where a schema sets other keywords than `$`-ones beside a `$ref` (Gemini: "If $ref is set, no other properties may be set except those starting with $"). */
function refWithSiblings(node: unknown, at: string): string | null {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) {
      const found = refWithSiblings(item, `${at}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (typeof node !== "object" || node === null) return null;
  const record = node as Record<string, unknown>;
  if (typeof record.$ref === "string" && Object.keys(record).some((key) => !key.startsWith("$"))) return at;
  for (const [key, value] of Object.entries(record)) {
    if (["enum", "const", "default", "examples"].includes(key)) continue;
    const found = refWithSiblings(value, `${at}.${key}`);
    if (found) return found;
  }
  return null;
}

/** The JSON Schemas of a request (the structured output's and each function's) that Gemini refuses. */
function schemaRefusal(body: Record<string, unknown>): string | null {
  const schemas: [string, unknown][] = [["generation_config.response_json_schema", (body.generationConfig as { responseJsonSchema?: unknown } | undefined)?.responseJsonSchema]];
  for (const [t, tool] of ((Array.isArray(body.tools) ? body.tools : []) as { functionDeclarations?: { parametersJsonSchema?: unknown }[] }[]).entries()) {
    for (const [index, declaration] of (tool.functionDeclarations ?? []).entries()) schemas.push([`tools[${t}].function_declarations[${index}].parameters_json_schema`, declaration.parametersJsonSchema]);
  }
  for (const [field, schema] of schemas) {
    const at = schema === undefined ? null : refWithSiblings(schema, "");
    if (at !== null) return `Invalid ${field}: at '${at || "/"}', $ref cannot be set together with other properties except those starting with $.`;
  }
  return null;
}

export function geminiRefusal(model: string, body: Record<string, unknown>): string | null {
  const schema = schemaRefusal(body);
  if (schema) return schema;
  const rules = GEMINI_THINKING[model];
  if (!rules) return null;
  // Gemini 3 (the models with levels): each model turn's first function call must carry its thought signature
  if (rules.levels) {
    const contents = (Array.isArray(body.contents) ? body.contents : []) as { role?: string; parts?: Record<string, unknown>[] }[];
    for (const [index, content] of contents.entries()) {
      const first = content.role === "model" ? content.parts?.find((part) => part.functionCall !== undefined) : undefined;
      if (first && typeof first.thoughtSignature !== "string") {
        return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${String((first.functionCall as { name?: unknown }).name)}\` , position ${index + 1}.`;
      }
    }
  }
  const config = (body.generationConfig as { thinkingConfig?: { thinkingLevel?: string; thinkingBudget?: number } } | undefined)?.thinkingConfig;
  if (!config) return null;
  if (config.thinkingLevel !== undefined && config.thinkingBudget !== undefined) return "You can only set one of thinking budget and thinking level.";
  if (config.thinkingLevel !== undefined && !rules.levels?.includes(config.thinkingLevel)) return `Thinking level ${config.thinkingLevel} is not supported for this model.`;
  if (config.thinkingBudget !== undefined && config.thinkingBudget !== -1) {
    const [min, max] = rules.budget ?? [-1, -1];
    if (config.thinkingBudget < min || config.thinkingBudget > max) {
      return config.thinkingBudget === 0 ? "Budget 0 is invalid. This model only works in thinking mode." : `The thinking budget ${config.thinkingBudget} is invalid. Please choose a value between ${min} and ${max}.`;
    }
  }
  return null;
}

export async function geminiGenerate({
  model,
  body = {},
  isStream,
  behavior,
  res,
}: {
  model: string;
  body?: Record<string, unknown>;
  isStream: boolean;
  behavior: FakeBehavior;
  res: ServerResponse;
}): Promise<void> {
  const refusal = geminiRefusal(model, body);
  if (refusal) {
    sendJson(res, 400, { error: { code: 400, message: refusal, status: "INVALID_ARGUMENT" } });
    return;
  }
  // a model this knows sends thought summaries only when asked
  const asksThoughts = (body.generationConfig as { thinkingConfig?: { includeThoughts?: boolean } } | undefined)?.thinkingConfig?.includeThoughts === true;
  if (GEMINI_THINKING[model] && !asksThoughts) behavior = { ...behavior, reasoning: undefined };
  const r = resolved(behavior);
  const responseId = fakeId("");
  const tool = behavior.toolCall;
  const usage = (candidates: number) => ({
    promptTokenCount: r.inputTokens + r.cacheRead,
    candidatesTokenCount: candidates,
    totalTokenCount: r.inputTokens + r.cacheRead + candidates + r.reasoningTokens,
    ...(r.cacheRead ? { cachedContentTokenCount: r.cacheRead } : {}),
    ...(r.reasoningTokens ? { thoughtsTokenCount: r.reasoningTokens } : {}),
  });
  const candidateTokens = r.outputTokens - r.reasoningTokens;
  if (!isStream) {
    const parts: Record<string, unknown>[] = [];
    if (behavior.reasoning) parts.push({ text: behavior.reasoning, thought: true });
    parts.push({ text: r.text });
    if (tool) parts.push(signed(model, { functionCall: { name: tool.name, args: tool.arguments } }));
    res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
    res.end(JSON.stringify({ candidates: [{ content: { parts, role: "model" }, finishReason: "STOP", index: 0 }], usageMetadata: usage(candidateTokens), modelVersion: model, responseId }));
    return;
  }
  const frames: SseFrame[] = [];
  const chunk = (parts: Record<string, unknown>[], soFar: number, finish?: string): SseFrame => ({
    data: { candidates: [{ content: { parts, role: "model" }, ...(finish ? { finishReason: finish } : {}), index: 0 }], ...(behavior.omitUsage ? {} : { usageMetadata: usage(soFar) }), modelVersion: model, responseId },
    isContent: !finish,
    crlf: true,
  });
  if (behavior.reasoning) frames.push(chunk([{ text: behavior.reasoning, thought: true }], 0));
  r.pieces.forEach((piece, i) => frames.push(chunk([{ text: piece }], i + 1)));
  if (tool) frames.push(chunk([signed(model, { functionCall: { name: tool.name, args: tool.arguments } })], candidateTokens));
  frames.push(chunk([{ text: "" }], candidateTokens, "STOP"));
  await writeSse(res, frames, behavior);
}

type Body = Record<string, unknown>;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
  res.end(JSON.stringify(body));
}

function invalidArgument(res: ServerResponse, message: string): void {
  sendJson(res, 400, { error: { code: 400, message, status: "INVALID_ARGUMENT" } });
}

/** A fixed unit-ish vector, cut to outputDimensionality when asked (as Gemini's MRL-trained models allow). */
function vector(dimensions: unknown): number[] {
  const base = [0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8];
  const size = typeof dimensions === "number" && dimensions > 0 ? dimensions : base.length;
  return Array.from({ length: size }, (_, i) => base[i % base.length]);
}

function textOf(content: unknown): string | null {
  const parts = (content as { parts?: { text?: unknown }[] } | undefined)?.parts;
  if (!Array.isArray(parts) || parts.length === 0) return null;
  return parts.every((p) => typeof p.text === "string") ? parts.map((p) => p.text).join("") : null;
}

/**
 * models/{m}:embedContent (`{content}` → `{embedding:{values}}`) and :batchEmbedContents (`{requests:[{model,
 * content}]}` → `{embeddings:[{values}]}`; each request must name the same `models/{m}` as the URL). No usage, as
 * Google's embeddings answer.
 */
export function geminiEmbed({ model, body, isBatch, res }: { model: string; body: Body; isBatch: boolean; res: ServerResponse }): void {
  if (!isBatch) {
    if (textOf(body.content) === null) return invalidArgument(res, "* EmbedContentRequest.content: contents must not be empty");
    return sendJson(res, 200, { embedding: { values: vector(body.outputDimensionality) } });
  }
  const requests = Array.isArray(body.requests) ? (body.requests as Body[]) : [];
  if (requests.length === 0) return invalidArgument(res, "* BatchEmbedContentsRequest.requests: must not be empty");
  for (const [index, request] of requests.entries()) {
    if (request.model !== `models/${model}`) return invalidArgument(res, `* BatchEmbedContentsRequest.requests[${index}].model: the model must match models/${model}`);
    if (textOf(request.content) === null) return invalidArgument(res, `* BatchEmbedContentsRequest.requests[${index}].content: contents must not be empty`);
  }
  sendJson(res, 200, { embeddings: requests.map((request) => ({ values: vector(request.outputDimensionality) })) });
}

/** Imagen models/{m}:predict: `{instances:[{prompt}], parameters:{sampleCount}}` → `{predictions:[{mimeType, bytesBase64Encoded}]}`. */
export function imagenPredict({ body, res }: { body: Body; res: ServerResponse }): void {
  const instances = Array.isArray(body.instances) ? (body.instances as Body[]) : [];
  if (instances.length !== 1 || typeof instances[0].prompt !== "string") return invalidArgument(res, "Invalid instances: exactly one instance with a prompt is required");
  const parameters = (body.parameters ?? {}) as Body;
  const count = typeof parameters.sampleCount === "number" ? parameters.sampleCount : 4;
  if (count < 1 || count > 4) return invalidArgument(res, "sampleCount must be between 1 and 4");
  sendJson(res, 200, { predictions: Array.from({ length: count }, () => ({ mimeType: "image/png", bytesBase64Encoded: FAKE_PNG })) });
}
