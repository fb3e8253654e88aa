/**
 * An OpenAI chat-completions request → a Responses API request, for the models OpenAI serves only through
 * /v1/responses (the GPT-5 codex and pro models, o1-pro, o3-pro, codex-mini: "This model is only supported in
 * v1/responses and not in v1/chat/completions"). Chat clients (Cursor, the OpenAI SDK's chat calls) and, through the
 * chat pivot, Anthropic clients (Claude Code) can then name those models like any other. System and developer
 * messages stay where they are as input messages; user parts become input_text / input_image / input_file; an
 * assistant turn's text becomes output_text and its tool calls function_call items; tool results become
 * function_call_output items. Nothing is stored upstream (`store: false`): the client keeps its own history, as chat
 * clients do. Stop sequences, n and logprobs have no Responses form and are left out.
 *
 * A reasoning model's reasoning is asked back encrypted (`include: ["reasoning.encrypted_content"]`): a chat client
 * keeps none of it, so the relay remembers an answer's reasoning items under the first function call they led to
 * (call-memory.ts: for that API key and function only), and when that call comes back in the client's history its
 * reasoning items go up before it again — the model's next step in a tool loop reasons on from its last, as OpenAI
 * recommends for these models, instead of starting over.
 */
import type { ChatContentPart, ChatMessage, ChatRequest, ChatTool } from "../providers/openai/types";
import type { ResponsesContentPart, ResponsesInputItem, ResponsesRequest, ResponsesTool } from "../providers/openai/responses-types";
import { isRecord } from "../providers/types";
import { responsesReasoning } from "./call-memory";
import { chatText } from "./types";

/** Models OpenAI serves through the Responses API only. */
const RESPONSES_ONLY = /^(?:ft:)?(?:gpt-5(?:\.\d+)?-(?:codex|pro)|codex-mini|o1-pro|o3-pro|o3-deep-research|o4-mini-deep-research|computer-use-preview)/;

export function isResponsesOnlyModel(model: string): boolean {
  return RESPONSES_ONLY.test(model);
}

/** Of those, the reasoning models (all but computer-use-preview): their reasoning can come back encrypted. */
const REASONING = /^(?:ft:)?(?:gpt-5|codex-mini|o\d)/;

const ENCRYPTED_REASONING = "reasoning.encrypted_content";

/** The reasoning items remembered for a call made for `scope`, as they came (an unreadable memory gives none). */
function recalledReasoning(scope: string, callId: string, name: string): ResponsesInputItem[] {
  const kept = responsesReasoning.recall(scope, callId, name);
  if (!kept) return [];
  try {
    const items: unknown = JSON.parse(kept);
    return Array.isArray(items) ? items.filter((item): item is ResponsesInputItem => isRecord(item) && item.type === "reasoning" && typeof item.encrypted_content === "string") : [];
  } catch {
    return [];
  }
}

/**
 * Remember the reasoning items of an answer made for `scope` under the first function call that follows them (what
 * chatToResponsesRequest puts back). Only items that carry their encrypted content: with `store: false` an item
 * without it cannot be sent back.
 */
export function rememberResponsesReasoning(scope: string, reasoning: Record<string, unknown>[], call: { call_id?: unknown; name?: unknown }): void {
  const items = reasoning.filter((item) => typeof item.encrypted_content === "string" && item.encrypted_content);
  if (items.length === 0 || typeof call.call_id !== "string" || typeof call.name !== "string") return;
  const kept = items.map(({ id, summary, encrypted_content }) => ({ type: "reasoning", ...(typeof id === "string" ? { id } : {}), summary: Array.isArray(summary) ? summary : [], encrypted_content }));
  responsesReasoning.keep(scope, call.call_id, call.name, JSON.stringify(kept));
}

function inputParts(content: string | ChatContentPart[]): string | ResponsesContentPart[] {
  if (typeof content === "string") return content;
  const parts: ResponsesContentPart[] = [];
  for (const part of content) {
    if (part.type === "text" && typeof part.text === "string") parts.push({ type: "input_text", text: part.text });
    else if (part.type === "image_url" && isRecord(part.image_url) && typeof part.image_url.url === "string") {
      parts.push({ type: "input_image", image_url: part.image_url.url, ...(typeof part.image_url.detail === "string" ? { detail: part.image_url.detail } : {}) });
    } else if (part.type === "file" && isRecord(part.file)) {
      const { file_data, file_id, filename } = part.file;
      parts.push({ type: "input_file", ...(typeof file_data === "string" ? { file_data } : {}), ...(typeof file_id === "string" ? { file_id } : {}), ...(typeof filename === "string" ? { filename } : {}) });
    }
  }
  return parts;
}

function inputItems(messages: ChatMessage[], scope: string | null): ResponsesInputItem[] {
  const items: ResponsesInputItem[] = [];
  for (const message of messages) {
    if (message.role === "system" || message.role === "developer") {
      items.push({ role: message.role, content: chatText(message.content) });
    } else if (message.role === "user") {
      items.push({ role: "user", content: inputParts(message.content) });
    } else if (message.role === "assistant") {
      // the reasoning that led to a call, where the model put it: the first call's before the turn's output, a later
      // call's (a model that reasoned again between calls) before that call
      const calls = message.tool_calls ?? [];
      const reasoning = (index: number) => (scope !== null && calls[index] ? recalledReasoning(scope, calls[index].id, calls[index].function.name) : []);
      items.push(...reasoning(0));
      const text = chatText(message.content);
      if (text) items.push({ role: "assistant", content: [{ type: "output_text", text }] });
      calls.forEach((call, index) => {
        if (index > 0) items.push(...reasoning(index));
        items.push({ type: "function_call", call_id: call.id, name: call.function.name, arguments: call.function.arguments ?? "" });
      });
    } else if (message.role === "tool") {
      items.push({ type: "function_call_output", call_id: message.tool_call_id, output: chatText(message.content) });
    }
  }
  return items;
}

function tool({ function: fn }: ChatTool): ResponsesTool {
  // the Responses API makes a function strict unless told otherwise; chat's default is not strict
  return { type: "function", name: fn.name, ...(fn.description !== undefined ? { description: fn.description } : {}), parameters: fn.parameters ?? { type: "object", properties: {} }, strict: fn.strict ?? false };
}

function textFormat(format: ChatRequest["response_format"]): ResponsesRequest["text"] | undefined {
  if (format?.type === "json_object") return { format: { type: "json_object" } };
  if (format?.type !== "json_schema" || !isRecord(format.json_schema)) return undefined;
  const { name, schema, strict } = format.json_schema;
  return { format: { type: "json_schema", name: typeof name === "string" ? name : "response", schema, ...(typeof strict === "boolean" ? { strict } : {}) } };
}

/** `scope`: the API key the request is made for (whose remembered reasoning may go up with it). */
export function chatToResponsesRequest(chat: ChatRequest, { model = chat.model, scope = "" }: { model?: string; scope?: string } = {}): ResponsesRequest {
  const isReasoning = REASONING.test(model);
  const request: ResponsesRequest = { model, input: inputItems(chat.messages, isReasoning ? scope : null), store: false };
  if (isReasoning) request.include = [ENCRYPTED_REASONING];
  if (chat.stream) request.stream = true;
  const maxTokens = chat.max_completion_tokens ?? chat.max_tokens;
  if (typeof maxTokens === "number") request.max_output_tokens = maxTokens;
  if (chat.temperature != null) request.temperature = chat.temperature;
  if (chat.top_p != null) request.top_p = chat.top_p;
  if (Array.isArray(chat.tools)) {
    const tools = chat.tools.filter((t) => t.type === "function" && isRecord(t.function)).map(tool);
    if (tools.length) request.tools = tools;
  }
  if (typeof chat.tool_choice === "string") request.tool_choice = chat.tool_choice;
  else if (isRecord(chat.tool_choice) && isRecord(chat.tool_choice.function)) request.tool_choice = { type: "function", name: chat.tool_choice.function.name };
  if (typeof chat.parallel_tool_calls === "boolean") request.parallel_tool_calls = chat.parallel_tool_calls;
  const text = textFormat(chat.response_format);
  if (text) request.text = text;
  if (typeof chat.reasoning_effort === "string") request.reasoning = { effort: chat.reasoning_effort };
  for (const key of ["user", "metadata", "service_tier", "prompt_cache_key", "safety_identifier"]) {
    if (chat[key] !== undefined && chat[key] !== null) (request as Record<string, unknown>)[key] = chat[key];
  }
  return request;
}
