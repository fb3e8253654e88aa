/**
 * OpenAI Responses request → chat-completions request (Codex CLI and other Responses clients served by a
 * chat-only channel). `instructions` becomes a system message; input items become messages (function_call items
 * join the assistant turn as tool_calls, function_call_output items become tool messages); custom (freeform) tools
 * become function tools taking one string `input`; a reasoning item the relay made for a Claude model (its
 * encrypted_content: thinking-blocks.ts) gives its signed thinking blocks back to the assistant turn it began (for a
 * request that goes to Claude again; no other vendor takes them), its
 * summary becomes that turn's `reasoning_content` for the models that want their reasoning back (takesReasoningBack:
 * DeepSeek's thinking mode refuses a tool loop without it), and other reasoning items and hosted tools (web search,
 * …) are dropped;
 * an item_reference still here is one the relay could not resolve, and is refused rather than dropped.
 */
import { AppError } from "../../errors";
import type { ChatContentPart, ChatMessage, ChatRequest, ChatTool, ChatToolCall } from "../providers/openai/types";
import type { ResponsesContentPart, ResponsesInputItem, ResponsesRequest } from "../providers/openai/responses-types";
import { takesReasoningBack } from "./openai-reasoning";
import { decodeThinking, thinkingBlocksOf } from "./thinking-blocks";

export const CUSTOM_TOOL_INPUT = "input";

function contentParts(content: string | ResponsesContentPart[]): string | ChatContentPart[] {
  if (typeof content === "string") return content;
  const parts: ChatContentPart[] = [];
  for (const part of content) {
    if ((part.type === "input_text" || part.type === "output_text" || part.type === "text") && typeof part.text === "string") parts.push({ type: "text", text: part.text });
    else if (part.type === "input_image" && typeof part.image_url === "string") {
      parts.push({ type: "image_url", image_url: { url: part.image_url, ...(typeof part.detail === "string" ? { detail: part.detail } : {}) } });
    }
  }
  return parts.every((p) => p.type === "text") ? parts.map((p) => (p as { text: string }).text).join("") : parts;
}

function outputText(output: string | ResponsesContentPart[]): string {
  if (typeof output === "string") return output;
  return output.map((p) => { const text = (p as { text?: unknown }).text; return typeof text === "string" ? text : ""; }).join("");
}

function convertInput(
  input: ResponsesRequest["input"],
  instructions: string | null | undefined,
  { keepsReasoning, keepsThinking }: { keepsReasoning: boolean; keepsThinking: boolean },
): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (instructions) messages.push({ role: "system", content: instructions });
  if (input === undefined) return messages;
  if (typeof input === "string") {
    messages.push({ role: "user", content: input });
    return messages;
  }
  const assistantTurn = (): Extract<ChatMessage, { role: "assistant" }> => {
    const last = messages[messages.length - 1];
    if (last?.role === "assistant") return last;
    const turn: Extract<ChatMessage, { role: "assistant" }> = { role: "assistant", content: null };
    messages.push(turn);
    return turn;
  };
  const addToolCall = (call: ChatToolCall) => {
    const turn = assistantTurn();
    turn.tool_calls = [...(turn.tool_calls ?? []), call];
  };
  for (const item of input as ResponsesInputItem[]) {
    const type = item.type ?? "message";
    if (type === "message") {
      const message = item as Extract<ResponsesInputItem, { role: string }>;
      const content = contentParts(message.content);
      if (message.role === "assistant") {
        const turn = assistantTurn();
        const text = typeof content === "string" ? content : content.map((p) => (p.type === "text" ? (p as { text: string }).text : "")).join("");
        turn.content = (typeof turn.content === "string" ? turn.content : "") + text || null;
      } else if (message.role === "system" || message.role === "developer") {
        messages.push({ role: message.role === "developer" ? "system" : message.role, content: typeof content === "string" ? content : content.map((p) => (p.type === "text" ? (p as { text: string }).text : "")).join("") });
      } else messages.push({ role: "user", content });
    } else if (type === "reasoning") {
      const reasoning = item as { encrypted_content?: unknown; summary?: unknown };
      const blocks = keepsThinking ? decodeThinking(reasoning.encrypted_content) : [];
      if (blocks.length) {
        const turn = assistantTurn();
        turn.thinking_blocks = [...thinkingBlocksOf(turn.thinking_blocks), ...blocks];
      }
      // a reasoning item's summary: parts with text, as a function call's output
      const text = keepsReasoning && Array.isArray(reasoning.summary) ? outputText(reasoning.summary as ResponsesContentPart[]) : "";
      if (text) {
        const turn = assistantTurn();
        turn.reasoning_content = (turn.reasoning_content ?? "") + text;
      }
    } else if (type === "function_call") {
      const call = item as Extract<ResponsesInputItem, { type: "function_call" }>;
      addToolCall({ id: call.call_id, type: "function", function: { name: call.name, arguments: call.arguments } });
    } else if (type === "custom_tool_call") {
      const call = item as Extract<ResponsesInputItem, { type: "custom_tool_call" }>;
      addToolCall({ id: call.call_id, type: "function", function: { name: call.name, arguments: JSON.stringify({ [CUSTOM_TOOL_INPUT]: call.input }) } });
    } else if (type === "item_reference") {
      // one the relay could resolve was replaced by its item before routing (response-store-continue.ts)
      const id = String((item as { id?: unknown }).id ?? "").slice(0, 100);
      throw new AppError("bad_request", `input item_reference ${JSON.stringify(id)} names an item this model's channels cannot see (a response kept by a channel with the Responses API, or one the relay no longer holds) — send the item itself, or store: false`, { param: "input" });
    } else if (type === "function_call_output" || type === "custom_tool_call_output") {
      const result = item as Extract<ResponsesInputItem, { type: "function_call_output" }>;
      messages.push({ role: "tool", tool_call_id: result.call_id, content: outputText(result.output) });
    }
  }
  return messages;
}

function convertTools(tools: ResponsesRequest["tools"]): { tools: ChatTool[]; customNames: Set<string> } {
  const converted: ChatTool[] = [];
  const customNames = new Set<string>();
  for (const tool of tools ?? []) {
    if (tool.type === "function" && typeof tool.name === "string") {
      const fn = tool as { name: string; description?: string; parameters?: Record<string, unknown> };
      converted.push({ type: "function", function: { name: fn.name, ...(fn.description ? { description: fn.description } : {}), parameters: fn.parameters ?? { type: "object", properties: {} } } });
    } else if (tool.type === "custom" && typeof tool.name === "string") {
      customNames.add(tool.name);
      const description = typeof tool.description === "string" ? tool.description : "";
      converted.push({
        type: "function",
        function: {
          name: tool.name,
          description,
          parameters: { type: "object", properties: { [CUSTOM_TOOL_INPUT]: { type: "string", description: "The raw input for this tool" } }, required: [CUSTOM_TOOL_INPUT] },
        },
      });
    }
  }
  return { tools: converted, customNames };
}

/** `keepsThinking`: the request goes to Claude (an Anthropic channel), which takes its signed thinking blocks back */
export function responsesToChatRequest(request: ResponsesRequest, { model, keepsThinking = false }: { model: string; keepsThinking?: boolean }): { chat: ChatRequest; customToolNames: Set<string> } {
  // a converted predecessor was already expanded into `input` (response-store-continue.ts); an id still here names
  // a response held by a native Responses channel, which only that upstream can continue
  if (request.previous_response_id) {
    throw new AppError("bad_request", "previous_response_id names a response made through a channel with the Responses API; this model's other channels cannot continue it — retry, or send the whole conversation in `input`", { param: "previous_response_id" });
  }
  const { tools, customNames } = convertTools(request.tools);
  const chat: ChatRequest = { model, messages: convertInput(request.input, request.instructions, { keepsReasoning: takesReasoningBack(model), keepsThinking }) };
  if (request.stream) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }
  if (typeof request.max_output_tokens === "number") chat.max_tokens = request.max_output_tokens;
  if (typeof request.temperature === "number") chat.temperature = request.temperature;
  if (typeof request.top_p === "number") chat.top_p = request.top_p;
  if (tools.length) {
    chat.tools = tools;
    const choice = request.tool_choice;
    if (choice === "auto" || choice === "none" || choice === "required") chat.tool_choice = choice;
    else if (typeof choice === "object" && choice.name) chat.tool_choice = { type: "function", function: { name: choice.name } };
    if (typeof request.parallel_tool_calls === "boolean") chat.parallel_tool_calls = request.parallel_tool_calls;
  }
  const format = request.text?.format;
  if (format?.type === "json_schema") chat.response_format = { type: "json_schema", json_schema: { name: format.name ?? "response", schema: format.schema, strict: format.strict } };
  else if (format?.type === "json_object") chat.response_format = { type: "json_object" };
  if (typeof request.user === "string") chat.user = request.user;
  return { chat, customToolNames: customNames };
}
