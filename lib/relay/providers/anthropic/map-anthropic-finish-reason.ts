/**
 * Anthropic stop reasons ⇄ OpenAI finish reasons.
 */
import type { ChatFinishReason } from "../openai/types";
import type { AnthropicStopReason } from "./types";

export function anthropicToChatFinishReason(reason: string | null | undefined): ChatFinishReason | null {
  switch (reason) {
    case "end_turn":
    case "stop_sequence":
    case "pause_turn":
      return "stop";
    case "max_tokens":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    case null:
    case undefined:
      return null;
    default:
      return "stop";
  }
}

export function chatToAnthropicStopReason(reason: string | null | undefined): AnthropicStopReason {
  switch (reason) {
    case "length":
      return "max_tokens";
    case "tool_calls":
    case "function_call":
      return "tool_use";
    case "content_filter":
      return "refusal";
    default:
      return "end_turn";
  }
}
