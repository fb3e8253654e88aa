/**
 * Gemini stream chunks → OpenAI chat-completion chunks. Text and thoughts stream as content and reasoning_content;
 * a functionCall arrives whole and becomes one tool_calls delta; usage (cumulative in every Gemini chunk) and the
 * finish reason are sent when the stream ends, followed by [DONE].
 */
import type { Usage } from "../../billing/usage";
import { convertGeminiUsage } from "../providers/gemini/convert-gemini-usage";
import { geminiToChatFinishReason } from "../providers/gemini/map-gemini-finish-reason";
import { isRecord } from "../providers/types";
import { geminiSignatures } from "./call-memory";
import { chatStreamEnd, type EventConverter, type ProtocolEvent, nowSeconds, randomId } from "./types";

/** `scope`: the API key the request was made for, under which its calls' thought signatures are kept */
export function createGeminiToChatStream({ model, includeUsage, scope = "" }: { model: string; includeUsage: boolean; scope?: string }): EventConverter {
  const id = randomId("chatcmpl-");
  const created = nowSeconds();
  let upstreamModel = model;
  let hasStarted = false;
  let toolIndex = -1;
  let finishReason: string | undefined;
  let usage: Usage | null = null;

  const chunk = (delta: Record<string, unknown>, finish: string | null = null): ProtocolEvent => ({
    data: { id, object: "chat.completion.chunk", created, model: upstreamModel, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] },
  });

  return {
    push(_event, data) {
      if (!isRecord(data)) return [];
      if (typeof data.modelVersion === "string") upstreamModel = data.modelVersion;
      if (isRecord(data.usageMetadata)) usage = convertGeminiUsage(data.usageMetadata);
      const events: ProtocolEvent[] = [];
      if (!hasStarted) {
        hasStarted = true;
        events.push(chunk({ role: "assistant", content: "" }));
      }
      const candidate = Array.isArray(data.candidates) && isRecord(data.candidates[0]) ? data.candidates[0] : null;
      if (!candidate) return events;
      const parts = isRecord(candidate.content) && Array.isArray(candidate.content.parts) ? candidate.content.parts : [];
      for (const part of parts) {
        if (!isRecord(part)) continue;
        if (typeof part.text === "string" && part.text) events.push(chunk(part.thought ? { reasoning_content: part.text } : { content: part.text }));
        else if (isRecord(part.functionCall)) {
          toolIndex++;
          const call = part.functionCall;
          const id = typeof call.id === "string" ? call.id : randomId("call_");
          const name = typeof call.name === "string" ? call.name : "";
          geminiSignatures.keep(scope, id, name, part.thoughtSignature);
          events.push(chunk({ tool_calls: [{ index: toolIndex, id, type: "function", function: { name, arguments: JSON.stringify(call.args ?? {}) } }] }));
        }
      }
      if (typeof candidate.finishReason === "string") finishReason = candidate.finishReason;
      return events;
    },
    end() {
      const events: ProtocolEvent[] = [];
      if (!hasStarted) events.push(chunk({ role: "assistant", content: "" }));
      events.push(...chatStreamEnd({ id, created, model: upstreamModel, finishReason: geminiToChatFinishReason(finishReason ?? "STOP", toolIndex >= 0), usage: includeUsage ? usage : null }));
      return events;
    },
  };
}
