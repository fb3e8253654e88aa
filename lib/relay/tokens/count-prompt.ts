/**
 * Prompt tokens of a request, counted locally before it goes upstream (to size its hold, and to bill a stream the
 * upstream never reported usage for). Text, tool definitions and tool arguments are tokenized; each image counts
 * as IMAGE_TOKENS (a high-detail tile budget — base64 data is never tokenized); each message adds a small framing
 * overhead as in OpenAI's accounting.
 */
import { isRecord } from "../providers/types";
import { countTextTokens } from "./tokenizer";

export const IMAGE_TOKENS = 1_600;
const MESSAGE_OVERHEAD = 4;

/** Walks any protocol's content (strings, part arrays, blocks) and adds up text and images. */
function countContent(content: unknown): number {
  if (typeof content === "string") return countTextTokens(content);
  if (Array.isArray(content)) {
    let total = 0;
    for (const part of content) total += countContent(part);
    return total;
  }
  if (!isRecord(content)) return 0;
  const type = content.type;
  if (type === "image" || type === "image_url" || type === "input_image" || "inlineData" in content) return IMAGE_TOKENS;
  let total = 0;
  // summary: a Responses reasoning item's text; thinking_blocks: Claude's thinking carried back on a chat message
  for (const field of ["text", "thinking", "content", "output", "arguments", "name", "input", "partial_json", "summary", "thinking_blocks"] as const) {
    const value = content[field];
    if (typeof value === "string") total += countTextTokens(value);
    else if (field === "content" || field === "output" || field === "summary" || field === "thinking_blocks") total += countContent(value);
    else if (field === "input" && isRecord(value)) total += countTextTokens(JSON.stringify(value));
  }
  if (Array.isArray(content.tool_calls)) {
    for (const call of content.tool_calls) {
      if (isRecord(call) && isRecord(call.function)) total += countContent(call.function);
    }
  }
  return total;
}

function countTools(tools: unknown): number {
  return Array.isArray(tools) && tools.length > 0 ? countTextTokens(JSON.stringify(tools)) : 0;
}

export function countChatPrompt(body: Record<string, unknown>): number {
  let total = 3;
  for (const message of Array.isArray(body.messages) ? body.messages : []) total += MESSAGE_OVERHEAD + countContent(message);
  return total + countTools(body.tools);
}

export function countAnthropicPrompt(body: Record<string, unknown>): number {
  let total = 3 + countContent(body.system);
  for (const message of Array.isArray(body.messages) ? body.messages : []) total += MESSAGE_OVERHEAD + countContent(isRecord(message) ? message.content : message);
  return total + countTools(body.tools);
}

export function countResponsesPrompt(body: Record<string, unknown>): number {
  let total = 3 + (typeof body.instructions === "string" ? countTextTokens(body.instructions) : 0);
  const input = body.input;
  if (typeof input === "string") total += MESSAGE_OVERHEAD + countTextTokens(input);
  else if (Array.isArray(input)) for (const item of input) total += MESSAGE_OVERHEAD + countContent(item);
  return total + countTools(body.tools);
}

export function countEmbeddingsInput(input: unknown): number {
  if (typeof input === "string") return countTextTokens(input);
  if (!Array.isArray(input)) return 0;
  let total = 0;
  for (const item of input) {
    if (typeof item === "string") total += countTextTokens(item);
    else if (typeof item === "number") total += 1;
    else if (Array.isArray(item)) total += item.length;
  }
  return total;
}
