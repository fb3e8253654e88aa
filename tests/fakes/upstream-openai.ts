/**
 * The fake upstream's OpenAI protocol: chat completions (JSON and SSE, include_usage, tools, reasoning_content),
 * the Responses API (JSON and SSE events), embeddings (float or base64) and image generation — shaped as the real API.
 */
import type { ServerResponse } from "node:http";
import { writeSse, type SseFrame } from "./sse-writer";
import { FAKE_PNG, type FakeBehavior, fakeId, resolved } from "./upstream-types";

type Body = Record<string, unknown>;

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** usage of `choices` completions (OpenAI bills the prompt once and every choice's output) */
function chatUsage(r: ReturnType<typeof resolved>, choices = 1) {
  return {
    prompt_tokens: r.inputTokens + r.cacheRead,
    completion_tokens: r.outputTokens * choices,
    total_tokens: r.inputTokens + r.cacheRead + r.outputTokens * choices,
    prompt_tokens_details: { cached_tokens: r.cacheRead, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: r.reasoningTokens * choices, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

type Message = { role?: string; tool_calls?: unknown[]; reasoning_content?: unknown; thinking_blocks?: unknown };

/**
 * What the vendors behind these names refuse of a chat history (written out, not computed): DeepSeek's thinking mode
 * (deepseek-reasoner, V4) a tool loop whose assistant turns come back without their reasoning_content; OpenAI's own
 * models a reasoning_content or thinking_blocks they do not know.
 */
export function openAiChatRefusal(body: Body): string | null {
  const model = String(body.model);
  const messages = (Array.isArray(body.messages) ? body.messages : []) as Message[];
  if (/^(gpt-|o\d)/.test(model)) {
    for (const field of ["reasoning_content", "thinking_blocks"] as const) {
      const at = messages.findIndex((m) => m[field] !== undefined);
      if (at !== -1) return `Unrecognized request argument supplied: messages[${at}].${field}`;
    }
  }
  if (/^deepseek-(reasoner|v\d)/.test(model)) {
    const lastUser = messages.findLastIndex((m) => m.role === "user");
    const loop = messages.slice(lastUser + 1);
    if (loop.some((m) => m.role === "assistant" && Array.isArray(m.tool_calls) && m.tool_calls.length > 0 && typeof m.reasoning_content !== "string")) {
      return "The `reasoning_content` in the thinking mode must be passed back to the API.";
    }
  }
  return null;
}

/** OpenAI's models that chat completions refuses (served through /v1/responses only), as OpenAI answers for them. */
const RESPONSES_ONLY_MODEL = /^(gpt-5(\.\d+)?-(codex|pro)|codex-mini|o1-pro|o3-pro)/;

export async function openAiChat(body: Body, behavior: FakeBehavior, res: ServerResponse): Promise<void> {
  if (RESPONSES_ONLY_MODEL.test(String(body.model))) {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: "This model is only supported in v1/responses and not in v1/chat/completions.", type: "invalid_request_error", param: "model", code: null } }));
    return;
  }
  const refusal = openAiChatRefusal(body);
  if (refusal) {
    res.writeHead(400, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: refusal, type: "invalid_request_error", param: null, code: "invalid_request_error" } }));
    return;
  }
  // asked to reason, it answers as OpenAI-compatible reasoning vendors (DeepSeek, Qwen…) do: its reasoning as
  // reasoning_content — except under OpenAI's own reasoning models' names (o-series, GPT-5), which keep it hidden
  const effort = body.reasoning_effort;
  const isOpenAiReasoning = /^(o\d|gpt-5)/.test(String(body.model));
  if (behavior.reasoning === undefined && !isOpenAiReasoning && typeof effort === "string" && effort !== "none" && effort !== "minimal") {
    behavior = { ...behavior, reasoning: `Reasoned with ${effort} effort.` };
  }
  const r = resolved(behavior);
  const id = fakeId("chatcmpl-");
  const created = Math.floor(Date.now() / 1000);
  const model = String(body.model);
  const tool = behavior.toolCall;
  const finish = tool ? "tool_calls" : "stop";
  // `n` choices: each writes the same text (tool calls: one choice)
  const n = typeof body.n === "number" && !tool ? body.n : 1;
  if (body.stream !== true) {
    json(res, {
      id,
      object: "chat.completion",
      created,
      model,
      choices: Array.from({ length: n }, (_, index) => ({
        index,
        message: {
          role: "assistant",
          content: tool ? null : r.text,
          refusal: null,
          ...(behavior.reasoning ? { reasoning_content: behavior.reasoning } : {}),
          ...(tool ? { tool_calls: [{ id: "call_fake1", type: "function", function: { name: tool.name, arguments: JSON.stringify(tool.arguments) } }] } : {}),
        },
        logprobs: null,
        finish_reason: finish,
      })),
      usage: chatUsage(r, n),
      system_fingerprint: "fp_fake",
    });
    return;
  }
  const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true && !behavior.omitUsage;
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null, index = 0): SseFrame => ({
    data: { id, object: "chat.completion.chunk", created, model, system_fingerprint: "fp_fake", choices: [{ index, delta, logprobs: null, finish_reason: finishReason }], ...(includeUsage ? { usage: null } : {}) },
  });
  const frames: SseFrame[] = [chunk({ role: "assistant", content: "", refusal: null })];
  for (let index = 1; index < n; index++) frames.push(chunk({ role: "assistant", content: "", refusal: null }, null, index));
  if (behavior.reasoning) frames.push({ ...chunk({ reasoning_content: behavior.reasoning }), isContent: true });
  if (tool) {
    const args = JSON.stringify(tool.arguments);
    frames.push({ ...chunk({ tool_calls: [{ index: 0, id: "call_fake1", type: "function", function: { name: tool.name, arguments: "" } }] }), isContent: true });
    const half = Math.ceil(args.length / 2);
    frames.push({ ...chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, half) } }] }), isContent: true });
    frames.push({ ...chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(half) } }] }), isContent: true });
  } else {
    r.pieces.forEach((piece, i) => {
      if (behavior.errorEventAfterChunks === i) frames.push({ data: { error: { message: "The server had an error while processing your request.", type: "server_error", param: null, code: null } } });
      for (let index = 0; index < n; index++) frames.push({ ...chunk({ content: piece }, null, index), isContent: true });
    });
  }
  for (let index = 0; index < n; index++) frames.push(chunk({}, finish, index));
  if (includeUsage) frames.push({ data: { id, object: "chat.completion.chunk", created, model, system_fingerprint: "fp_fake", choices: [], usage: chatUsage(r, n) } });
  frames.push({ data: "[DONE]" });
  await writeSse(res, frames, behavior);
}

function responsesUsage(r: ReturnType<typeof resolved>) {
  return {
    input_tokens: r.inputTokens + r.cacheRead,
    input_tokens_details: { cached_tokens: r.cacheRead },
    output_tokens: r.outputTokens,
    output_tokens_details: { reasoning_tokens: r.reasoningTokens },
    total_tokens: r.inputTokens + r.cacheRead + r.outputTokens,
  };
}

/** The encrypted reasoning the fake gave out: what comes back must be one of them, as OpenAI verifies its own. */
const issuedReasoning = new Set<string>();

function encryptedReasoning(text: string): string {
  if (issuedReasoning.size > 10_000) issuedReasoning.clear();
  const content = `gAAAAAB${Buffer.from(`${fakeId("")}:${text}`).toString("base64")}`;
  issuedReasoning.add(content);
  return content;
}

/**
 * What OpenAI refuses of reasoning items sent back with `store: false` (nothing is kept to look them up): one without
 * its encrypted content, encrypted content it did not issue, and one not followed by the item it led to.
 */
function reasoningInputRefusal(body: Body): { status: number; message: string } | null {
  if (body.store !== false || !Array.isArray(body.input)) return null;
  const input = body.input as Record<string, unknown>[];
  for (const [at, item] of input.entries()) {
    if (item?.type !== "reasoning") continue;
    const id = String(item.id ?? "");
    if (typeof item.encrypted_content !== "string") {
      return { status: 404, message: `Item with id '${id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.` };
    }
    if (!issuedReasoning.has(item.encrypted_content)) return { status: 400, message: `The encrypted content for item ${id} could not be verified.` };
    const next = input[at + 1];
    if (!next || !(next.type === "reasoning" || next.type === "function_call" || next.type === "message" || next.role === "assistant")) {
      return { status: 400, message: `Item '${id}' of type 'reasoning' was provided without its required following item.` };
    }
  }
  return null;
}

/**
 * The Responses API. With `reasoning` in the behavior the answer starts with a reasoning item (its summary the text;
 * its encrypted content when the request includes "reasoning.encrypted_content"), streamed as OpenAI streams one.
 */
export async function openAiResponses(body: Body, behavior: FakeBehavior, res: ServerResponse): Promise<void> {
  const refusal = reasoningInputRefusal(body);
  if (refusal) {
    res.writeHead(refusal.status, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: refusal.message, type: "invalid_request_error", param: "input", code: null } }));
    return;
  }
  const r = resolved(behavior);
  const id = fakeId("resp_");
  const msgId = fakeId("msg_");
  const created = Math.floor(Date.now() / 1000);
  const model = String(body.model);
  const message = { type: "message", id: msgId, status: "completed", role: "assistant", content: [{ type: "output_text", text: r.text, annotations: [] }] };
  const tool = behavior.toolCall;
  const call = tool ? { type: "function_call", id: fakeId("fc_"), call_id: "call_fake1", name: tool.name, arguments: JSON.stringify(tool.arguments), status: "completed" } : null;
  const wantsEncrypted = Array.isArray(body.include) && body.include.includes("reasoning.encrypted_content");
  const reasoning = behavior.reasoning
    ? { type: "reasoning", id: fakeId("rs_"), summary: [{ type: "summary_text", text: behavior.reasoning }], ...(wantsEncrypted ? { encrypted_content: encryptedReasoning(behavior.reasoning) } : {}) }
    : null;
  const output = [...(reasoning ? [reasoning] : []), call ?? message];
  const response = (status: string, usage: unknown, items: unknown[]) => ({
    id,
    object: "response",
    created_at: created,
    status,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    model,
    output: items,
    parallel_tool_calls: true,
    tool_choice: "auto",
    tools: body.tools ?? [],
    usage,
  });
  if (body.store !== false) keepResponse(response("completed", responsesUsage(r), output));
  if (body.stream !== true) {
    json(res, response("completed", responsesUsage(r), output));
    return;
  }
  let seq = 0;
  const ev = (type: string, rest: Record<string, unknown>, isContent = false): SseFrame => ({ event: type, data: { type, sequence_number: seq++, ...rest }, isContent });
  const frames: SseFrame[] = [ev("response.created", { response: response("in_progress", null, []) }), ev("response.in_progress", { response: response("in_progress", null, []) })];
  if (reasoning) {
    const text = reasoning.summary[0].text;
    const summaryPart = { item_id: reasoning.id, output_index: 0, summary_index: 0 };
    frames.push(ev("response.output_item.added", { output_index: 0, item: { type: "reasoning", id: reasoning.id, summary: [] } }));
    frames.push(ev("response.reasoning_summary_part.added", { ...summaryPart, part: { type: "summary_text", text: "" } }));
    frames.push(ev("response.reasoning_summary_text.delta", { ...summaryPart, delta: text }, true));
    frames.push(ev("response.reasoning_summary_text.done", { ...summaryPart, text }));
    frames.push(ev("response.reasoning_summary_part.done", { ...summaryPart, part: { type: "summary_text", text } }));
    frames.push(ev("response.output_item.done", { output_index: 0, item: reasoning }));
  }
  const at = reasoning ? 1 : 0;
  if (call) {
    frames.push(ev("response.output_item.added", { output_index: at, item: { ...call, arguments: "", status: "in_progress" } }));
    frames.push(ev("response.function_call_arguments.delta", { item_id: call.id, output_index: at, delta: call.arguments }, true));
    frames.push(ev("response.function_call_arguments.done", { item_id: call.id, output_index: at, arguments: call.arguments }));
    frames.push(ev("response.output_item.done", { output_index: at, item: call }));
  } else {
    frames.push(ev("response.output_item.added", { output_index: at, item: { ...message, status: "in_progress", content: [] } }));
    frames.push(ev("response.content_part.added", { item_id: msgId, output_index: at, content_index: 0, part: { type: "output_text", text: "", annotations: [] } }));
    for (const piece of r.pieces) frames.push(ev("response.output_text.delta", { item_id: msgId, output_index: at, content_index: 0, delta: piece, logprobs: [] }, true));
    frames.push(ev("response.output_text.done", { item_id: msgId, output_index: at, content_index: 0, text: r.text, logprobs: [] }));
    frames.push(ev("response.content_part.done", { item_id: msgId, output_index: at, content_index: 0, part: message.content[0] }));
    frames.push(ev("response.output_item.done", { output_index: at, item: message }));
  }
  frames.push(ev("response.completed", { response: response("completed", behavior.omitUsage ? null : responsesUsage(r), output) }));
  await writeSse(res, frames, behavior);
}

/** Responses the fake made (store not false), for GET and DELETE /v1/responses/{id}, as OpenAI keeps them. */
const keptResponses = new Map<string, Record<string, unknown>>();

function keepResponse(response: Record<string, unknown>): void {
  if (keptResponses.size > 1_000) keptResponses.clear();
  keptResponses.set(String(response.id), response);
}

export function openAiStoredResponse({ id, method, res }: { id: string; method: string; res: ServerResponse }): void {
  const response = keptResponses.get(id);
  if (!response || (method !== "GET" && method !== "DELETE")) {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: `Response with id '${id}' not found.`, type: "invalid_request_error", param: null, code: null } }));
    return;
  }
  if (method === "GET") return json(res, response);
  keptResponses.delete(id);
  json(res, { id, object: "response", deleted: true });
}

export function openAiEmbeddings(body: Body, behavior: FakeBehavior, res: ServerResponse): void {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const vector = [0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8];
  const asBase64 = body.encoding_format === "base64";
  const encoded = Buffer.from(new Float32Array(vector).buffer).toString("base64");
  const tokens = behavior.inputTokens ?? inputs.length * 4;
  json(res, {
    object: "list",
    data: inputs.map((_, index) => ({ object: "embedding", index, embedding: asBase64 ? encoded : vector })),
    model: body.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

/**
 * Streamed image generation as OpenAI sends it: `partial_images` image_generation.partial_image events per image,
 * then image_generation.completed with the final image (and token usage for GPT image models; the prompt's tokens
 * on the first image only). The partial images are the content chunks (cut knobs count them).
 */
async function openAiImagesStream({ body, n, isTokenBilled, behavior, res }: { body: Body; n: number; isTokenBilled: boolean; behavior: FakeBehavior; res: ServerResponse }): Promise<void> {
  const partials = typeof body.partial_images === "number" ? body.partial_images : 0;
  const settings = { created_at: Math.floor(Date.now() / 1000), size: "1024x1024", quality: "low", background: "opaque", output_format: "png" };
  const inputTokens = behavior.inputTokens ?? 10;
  const frames: SseFrame[] = [];
  for (let image = 0; image < n; image++) {
    for (let index = 0; index < partials; index++) {
      frames.push({ event: "image_generation.partial_image", data: { type: "image_generation.partial_image", b64_json: PNG, partial_image_index: index, ...settings }, isContent: true });
    }
    const input = image === 0 ? inputTokens : 0;
    const usage = { input_tokens: input, output_tokens: 100, total_tokens: input + 100, input_tokens_details: { text_tokens: input, image_tokens: 0 } };
    frames.push({ event: "image_generation.completed", data: { type: "image_generation.completed", b64_json: PNG, ...settings, ...(isTokenBilled ? { usage } : {}) }, isContent: partials === 0 });
  }
  await writeSse(res, frames, behavior);
}

const PNG = FAKE_PNG;

export async function openAiImages(body: Body, behavior: FakeBehavior, res: ServerResponse): Promise<void> {
  const n = typeof body.n === "number" ? body.n : 1;
  const isTokenBilled = String(body.model).startsWith("gpt-image");
  if (body.stream === true) return openAiImagesStream({ body, n, isTokenBilled, behavior, res });
  const data = Array.from({ length: n }, () => (body.response_format === "url" ? { url: "https://images.example.com/fake.png" } : { b64_json: PNG }));
  json(res, {
    created: Math.floor(Date.now() / 1000),
    data,
    ...(isTokenBilled
      ? { usage: { input_tokens: behavior.inputTokens ?? 10, output_tokens: 100 * n, total_tokens: (behavior.inputTokens ?? 10) + 100 * n, input_tokens_details: { text_tokens: behavior.inputTokens ?? 10, image_tokens: 0 } } }
      : {}),
  });
}
