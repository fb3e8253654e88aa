/**
 * OpenAI chat-completion response → Anthropic message (the reply to an Anthropic-protocol client served by an
 * OpenAI-compatible channel). reasoning_content (DeepSeek, Qwen…) becomes a thinking block without a signature.
 */
import { chatToAnthropicStopReason } from "../providers/anthropic/map-anthropic-finish-reason";
import { toAnthropicUsage } from "../providers/anthropic/convert-anthropic-usage";
import type { AnthropicBlock, AnthropicResponse } from "../providers/anthropic/types";
import { convertChatUsage } from "../providers/openai/convert-openai-usage";
import type { ChatResponse } from "../providers/openai/types";
import { EMPTY_USAGE } from "../../billing/usage";
import { parseJsonObject, randomId } from "./types";

export function chatToAnthropicResponse(response: ChatResponse): AnthropicResponse {
  const choice = response.choices?.[0];
  const message = choice?.message;
  const content: AnthropicBlock[] = [];
  if (message?.reasoning_content) content.push({ type: "thinking", thinking: message.reasoning_content, signature: "" });
  const text = typeof message?.content === "string" ? message.content : "";
  if (text) content.push({ type: "text", text });
  for (const call of message?.tool_calls ?? []) {
    content.push({ type: "tool_use", id: call.id || randomId("toolu_"), name: call.function.name, input: parseJsonObject(call.function.arguments) });
  }
  return {
    id: response.id?.startsWith("msg_") ? response.id : randomId("msg_"),
    type: "message",
    role: "assistant",
    model: response.model,
    content,
    stop_reason: chatToAnthropicStopReason(choice?.finish_reason),
    stop_sequence: null,
    usage: toAnthropicUsage(convertChatUsage(response.usage) ?? EMPTY_USAGE),
  };
}
