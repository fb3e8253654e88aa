/**
 * Anthropic message → OpenAI chat-completion response (the reply to an OpenAI-protocol client served by an Anthropic
 * channel). Thinking blocks become reasoning_content; tool_use blocks become tool_calls — except, for a JSON-mode
 * request (`jsonAnswer`), the answer's tool (chat-to-anthropic-request.ts), whose input is the answer's text.
 * With `keepThinking` (a Responses client's answer, which carries them on: thinking-blocks.ts) the thinking blocks
 * themselves, signed, come along as `thinking_blocks`.
 */
import { convertAnthropicUsage } from "../providers/anthropic/convert-anthropic-usage";
import { anthropicToChatFinishReason } from "../providers/anthropic/map-anthropic-finish-reason";
import type { AnthropicResponse } from "../providers/anthropic/types";
import { toChatUsage } from "../providers/openai/convert-openai-usage";
import type { ChatResponse, ChatToolCall } from "../providers/openai/types";
import { EMPTY_USAGE } from "../../billing/usage";
import { JSON_ANSWER_TOOL } from "./chat-to-anthropic-request";
import { type ThinkingBlock, thinkingBlocksOf } from "./thinking-blocks";
import { nowSeconds } from "./types";

export function anthropicToChatResponse(response: AnthropicResponse, { jsonAnswer = false, keepThinking = false }: { jsonAnswer?: boolean; keepThinking?: boolean } = {}): ChatResponse {
  let text = "";
  let reasoning = "";
  let isAnswerTool = false;
  const toolCalls: ChatToolCall[] = [];
  const thinkingBlocks: ThinkingBlock[] = [];
  for (const [index, block] of (response.content ?? []).entries()) {
    if (block.type === "text") text += block.text;
    else if (block.type === "thinking" || block.type === "redacted_thinking") {
      if (block.type === "thinking") reasoning += block.thinking;
      if (keepThinking) thinkingBlocks.push(...thinkingBlocksOf([{ ...block, index }]));
    } else if (block.type === "tool_use" && jsonAnswer && block.name === JSON_ANSWER_TOOL) {
      text += JSON.stringify(block.input ?? {});
      isAnswerTool = true;
    } else if (block.type === "tool_use") toolCalls.push({ id: block.id, type: "function", function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
  }
  const stopReason = isAnswerTool && response.stop_reason === "tool_use" ? "end_turn" : response.stop_reason;
  return {
    id: `chatcmpl-${response.id}`,
    object: "chat.completion",
    created: nowSeconds(),
    model: response.model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: text || (toolCalls.length ? null : ""),
          ...(reasoning ? { reasoning_content: reasoning } : {}),
          ...(thinkingBlocks.length ? { thinking_blocks: thinkingBlocks } : {}),
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: anthropicToChatFinishReason(stopReason) ?? "stop",
        logprobs: null,
      },
    ],
    usage: toChatUsage(convertAnthropicUsage(response.usage) ?? EMPTY_USAGE) as ChatResponse["usage"],
  };
}
