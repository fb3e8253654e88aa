/**
 * Anthropic Messages request → OpenAI chat-completions request (an Anthropic-protocol client served by an
 * OpenAI-compatible channel). System blocks become a system message, tool_use blocks become tool_calls, tool_result
 * blocks become tool messages, images become image_url parts. Thinking blocks' signatures mean nothing to another
 * vendor; their text goes back as the turn's `reasoning_content` to the models that want their reasoning back
 * (DeepSeek's thinking mode, Kimi's thinking models: takesReasoningBack), and is dropped for the others. Structured
 * outputs (output_config.format json_schema, or the beta's output_format) become a json_schema response_format.
 */
import type { AnthropicBlock, AnthropicRequest, AnthropicToolChoice } from "../providers/anthropic/types";
import type { ChatContentPart, ChatMessage, ChatRequest, ChatTool, ChatToolChoice } from "../providers/openai/types";
import { takesReasoningBack } from "./openai-reasoning";

function imagePart(block: Extract<AnthropicBlock, { type: "image" }>): ChatContentPart | null {
  const source = block.source as { type: string; media_type?: string; data?: string; url?: string };
  if (source.type === "base64" && source.data) return { type: "image_url", image_url: { url: `data:${source.media_type ?? "image/png"};base64,${source.data}` } };
  if (source.type === "url" && source.url) return { type: "image_url", image_url: { url: source.url } };
  return null;
}

function toolResultText(content: Extract<AnthropicBlock, { type: "tool_result" }>["content"]): string {
  if (content === undefined) return "";
  if (typeof content === "string") return content;
  return content.map((b) => (b.type === "text" ? b.text : "")).join("");
}

function userParts(blocks: AnthropicBlock[]): { parts: ChatContentPart[]; toolMessages: ChatMessage[] } {
  const parts: ChatContentPart[] = [];
  const toolMessages: ChatMessage[] = [];
  for (const block of blocks) {
    if (block.type === "text") parts.push({ type: "text", text: block.text });
    else if (block.type === "image") {
      const part = imagePart(block);
      if (part) parts.push(part);
    } else if (block.type === "tool_result") {
      const text = toolResultText(block.content);
      toolMessages.push({ role: "tool", tool_call_id: block.tool_use_id, content: block.is_error ? `Error: ${text}` : text });
      if (Array.isArray(block.content)) {
        for (const inner of block.content) {
          if (inner.type === "image") {
            const part = imagePart(inner);
            if (part) parts.push(part);
          }
        }
      }
    }
  }
  return { parts, toolMessages };
}

function convertMessages(request: AnthropicRequest, { keepsReasoning }: { keepsReasoning: boolean }): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (request.system) {
    const text = typeof request.system === "string" ? request.system : request.system.map((b) => b.text).join("\n");
    if (text) messages.push({ role: "system", content: text });
  }
  for (const message of request.messages) {
    if (message.role === "system") {
      const text = typeof message.content === "string" ? message.content : message.content.map((b) => (b.type === "text" ? b.text : "")).join("");
      if (text) messages.push({ role: "system", content: text });
      continue;
    }
    if (typeof message.content === "string") {
      messages.push(message.role === "user" ? { role: "user", content: message.content } : { role: "assistant", content: message.content });
      continue;
    }
    if (message.role === "user") {
      const { parts, toolMessages } = userParts(message.content);
      messages.push(...toolMessages); // tool results answer the previous assistant turn, so they come first
      if (parts.length > 0) messages.push({ role: "user", content: parts.every((p) => p.type === "text") ? parts.map((p) => (p as { text: string }).text).join("") : parts });
      continue;
    }
    let text = "";
    let reasoning = "";
    const toolCalls: { id: string; type: "function"; function: { name: string; arguments: string } }[] = [];
    for (const block of message.content) {
      if (block.type === "text") text += block.text;
      else if (block.type === "thinking" && keepsReasoning) reasoning += block.thinking;
      else if (block.type === "tool_use") toolCalls.push({ id: block.id, type: "function", function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
    }
    messages.push({ role: "assistant", content: text || null, ...(reasoning ? { reasoning_content: reasoning } : {}), ...(toolCalls.length ? { tool_calls: toolCalls } : {}) });
  }
  return messages;
}

function convertToolChoice(choice: AnthropicToolChoice | undefined): ChatToolChoice | undefined {
  if (!choice) return undefined;
  switch (choice.type) {
    case "auto":
      return "auto";
    case "any":
      return "required";
    case "none":
      return "none";
    case "tool":
      return { type: "function", function: { name: choice.name } };
    default:
      return undefined;
  }
}

export function anthropicToChatRequest(request: AnthropicRequest, { model }: { model: string }): ChatRequest {
  const tools: ChatTool[] | undefined = request.tools
    ?.filter((tool) => tool.input_schema !== undefined || tool.type === undefined || tool.type === "custom")
    .map((tool) => ({
      type: "function",
      function: { name: tool.name, ...(tool.description ? { description: tool.description } : {}), parameters: tool.input_schema ?? { type: "object", properties: {} } },
    }));
  const chat: ChatRequest = {
    model,
    messages: convertMessages(request, { keepsReasoning: takesReasoningBack(model) }),
    max_tokens: request.max_tokens,
  };
  if (request.stream) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }
  if (request.temperature !== undefined) chat.temperature = request.temperature;
  if (request.top_p !== undefined) chat.top_p = request.top_p;
  if (request.stop_sequences?.length) chat.stop = request.stop_sequences;
  if (tools?.length) {
    chat.tools = tools;
    const choice = convertToolChoice(request.tool_choice);
    if (choice) chat.tool_choice = choice;
    if (request.tool_choice && "disable_parallel_tool_use" in request.tool_choice && request.tool_choice.disable_parallel_tool_use) chat.parallel_tool_calls = false;
  }
  if (request.metadata?.user_id) chat.user = request.metadata.user_id;
  // output_format: the shape of the structured-outputs beta, before output_config.format
  type Format = { type?: unknown; schema?: unknown } | undefined;
  const format = ((request.output_config as { format?: Format } | undefined)?.format ?? request.output_format) as Format;
  if (format?.type === "json_schema" && typeof format.schema === "object" && format.schema !== null) {
    chat.response_format = { type: "json_schema", json_schema: { name: "response", schema: format.schema } };
  }
  return chat;
}
