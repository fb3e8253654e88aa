/**
 * Gemini generateContent response → OpenAI chat-completion response. Thought parts become reasoning_content,
 * functionCall parts become tool_calls (with generated ids: Gemini has none to give), their thought signatures kept
 * under those ids for the call's return (call-memory.ts).
 */
import { convertGeminiUsage } from "../providers/gemini/convert-gemini-usage";
import { geminiToChatFinishReason } from "../providers/gemini/map-gemini-finish-reason";
import type { GeminiResponse } from "../providers/gemini/types";
import { toChatUsage } from "../providers/openai/convert-openai-usage";
import type { ChatResponse, ChatToolCall } from "../providers/openai/types";
import { EMPTY_USAGE } from "../../billing/usage";
import { geminiSignatures } from "./call-memory";
import { nowSeconds, randomId } from "./types";

/** `scope`: the API key the request was made for, under which its calls' thought signatures are kept */
export function geminiToChatResponse(response: GeminiResponse, { model, scope = "" }: { model: string; scope?: string }): ChatResponse {
  const candidate = response.candidates?.[0];
  let text = "";
  let reasoning = "";
  const toolCalls: ChatToolCall[] = [];
  for (const part of candidate?.content?.parts ?? []) {
    if ("text" in part && typeof part.text === "string") {
      if (part.thought) reasoning += part.text;
      else text += part.text;
    } else if ("functionCall" in part) {
      const id = part.functionCall.id ?? randomId("call_");
      geminiSignatures.keep(scope, id, part.functionCall.name, part.thoughtSignature);
      toolCalls.push({ id, type: "function", function: { name: part.functionCall.name, arguments: JSON.stringify(part.functionCall.args ?? {}) } });
    }
  }
  const finish = response.promptFeedback?.blockReason ? "content_filter" : (geminiToChatFinishReason(candidate?.finishReason, toolCalls.length > 0) ?? "stop");
  return {
    id: response.responseId ? `chatcmpl-${response.responseId}` : randomId("chatcmpl-"),
    object: "chat.completion",
    created: nowSeconds(),
    model: response.modelVersion ?? model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: text || (toolCalls.length ? null : ""),
          ...(reasoning ? { reasoning_content: reasoning } : {}),
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: finish,
        logprobs: null,
      },
    ],
    usage: toChatUsage(convertGeminiUsage(response.usageMetadata) ?? EMPTY_USAGE) as ChatResponse["usage"],
  };
}
