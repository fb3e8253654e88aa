/**
 * Gemini finish reasons → OpenAI finish reasons (a turn that ends in function calls is "tool_calls").
 */
import type { ChatFinishReason } from "../openai/types";

export function geminiToChatFinishReason(reason: string | undefined, hasToolCalls: boolean): ChatFinishReason | null {
  if (!reason) return null;
  if (hasToolCalls && reason === "STOP") return "tool_calls";
  switch (reason) {
    case "STOP":
      return "stop";
    case "MAX_TOKENS":
      return "length";
    case "SAFETY":
    case "RECITATION":
    case "BLOCKLIST":
    case "PROHIBITED_CONTENT":
    case "SPII":
    case "IMAGE_SAFETY":
      return "content_filter";
    default:
      return "stop";
  }
}
