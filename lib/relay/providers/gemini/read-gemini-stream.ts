/**
 * Reads a Gemini streamGenerateContent (alt=sse) stream: every chunk carries cumulative usageMetadata; the turn is
 * complete when a candidate has a finishReason (Gemini sends no end-of-stream event).
 */
import type { Usage } from "../../../billing/usage";
import type { SseEvent } from "../../sse/sse-parser";
import type { StreamReader, StreamReadResult } from "../types";
import { isRecord } from "../types";
import { convertGeminiUsage } from "./convert-gemini-usage";

export function createGeminiStreamReader(): StreamReader {
  let usage: Usage | null = null;
  let isDone = false;
  return {
    // every chunk repeats the usage so far; the one with the finish reason has the final figures
    isSignificant: ({ data }) => data.includes('"finishReason"') || data.includes('"error"'),
    read(_event: SseEvent, data: unknown): StreamReadResult {
      if (!isRecord(data)) return {};
      if (isRecord(data.error)) {
        return { error: { message: typeof data.error.message === "string" ? data.error.message : "Upstream stream error", type: typeof data.error.status === "string" ? data.error.status : undefined } };
      }
      if (isRecord(data.usageMetadata)) usage = convertGeminiUsage(data.usageMetadata);
      let text = "";
      if (Array.isArray(data.candidates)) {
        for (const candidate of data.candidates) {
          if (!isRecord(candidate)) continue;
          if (typeof candidate.finishReason === "string") isDone = true;
          const parts = isRecord(candidate.content) && Array.isArray(candidate.content.parts) ? candidate.content.parts : [];
          for (const part of parts) {
            if (!isRecord(part)) continue;
            if (typeof part.text === "string") text += part.text;
            if (isRecord(part.functionCall)) text += JSON.stringify(part.functionCall);
          }
        }
      }
      return text ? { text } : {};
    },
    usage: () => usage,
    isComplete: () => isDone,
  };
}
