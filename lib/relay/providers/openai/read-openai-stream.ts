/**
 * Reads an OpenAI-protocol stream: chat-completion chunks (usage in the final chunk when include_usage is set,
 * `data: [DONE]` at the end) and Responses API events (usage in response.completed / response.incomplete).
 */
import { EMPTY_USAGE, type Usage } from "../../../billing/usage";
import { addUsage } from "../add-usage";
import type { SseEvent } from "../../sse/sse-parser";
import type { Operation, StreamReader, StreamReadResult } from "../types";
import { isRecord } from "../types";
import { convertChatUsage, convertImagesUsage, convertResponsesUsage } from "./convert-openai-usage";

/** what every significant chat event's wire text contains (see isSignificant below) */
const CHAT_MARKERS = ["[DONE]", '"usage":{', '"error"'];

export function createChatStreamReader(): StreamReader {
  let usage: Usage | null = null;
  let isDone = false;
  return {
    isSignificant: ({ data }) => data === "[DONE]" || data.includes('"usage":{') || data.includes('"error"'),
    significantMarkers: CHAT_MARKERS,
    read(event: SseEvent, data: unknown): StreamReadResult {
      if (event.data === "[DONE]") {
        isDone = true;
        return {};
      }
      if (!isRecord(data)) return {};
      if (isRecord(data.error)) {
        const message = typeof data.error.message === "string" ? data.error.message : "Upstream stream error";
        return { error: { message, type: typeof data.error.type === "string" ? data.error.type : undefined } };
      }
      if (isRecord(data.usage)) usage = convertChatUsage(data.usage);
      let text = "";
      if (Array.isArray(data.choices)) {
        for (const choice of data.choices) {
          if (!isRecord(choice) || !isRecord(choice.delta)) continue;
          const { content, reasoning_content: reasoning, tool_calls: toolCalls } = choice.delta;
          if (typeof content === "string") text += content;
          if (typeof reasoning === "string") text += reasoning;
          if (Array.isArray(toolCalls)) {
            for (const call of toolCalls) {
              if (isRecord(call) && isRecord(call.function)) {
                if (typeof call.function.name === "string") text += call.function.name;
                if (typeof call.function.arguments === "string") text += call.function.arguments;
              }
            }
          }
        }
      }
      return text ? { text } : {};
    },
    usage: () => usage,
    isComplete: () => isDone,
  };
}

const RESPONSES_TEXT_EVENTS = new Set([
  "response.output_text.delta",
  "response.reasoning_summary_text.delta",
  "response.reasoning_text.delta",
  "response.function_call_arguments.delta",
  "response.custom_tool_call_input.delta",
  "response.refusal.delta",
]);

const RESPONSES_TERMINAL = new Set(["response.completed", "response.incomplete", "response.failed", "error"]);

export function createResponsesStreamReader(): StreamReader {
  let usage: Usage | null = null;
  let isDone = false;
  let responseId: string | null = null;
  return {
    isSignificant: ({ event }) => event === undefined || RESPONSES_TERMINAL.has(event),
    read(event: SseEvent, data: unknown): StreamReadResult {
      if (!isRecord(data)) return {};
      const type = typeof data.type === "string" ? data.type : event.event;
      if (type === "response.completed" || type === "response.incomplete" || type === "response.failed") {
        isDone = true;
        if (isRecord(data.response) && typeof data.response.id === "string") responseId = data.response.id;
        if (isRecord(data.response) && isRecord(data.response.usage)) usage = convertResponsesUsage(data.response.usage);
        if (type === "response.failed") {
          const error = isRecord(data.response) && isRecord(data.response.error) ? data.response.error : {};
          return { error: { message: typeof error.message === "string" ? error.message : "The upstream response failed", type: "upstream_error" } };
        }
        return {};
      }
      if (type === "error") {
        return { error: { message: typeof data.message === "string" ? data.message : "Upstream stream error", type: typeof data.code === "string" ? data.code : undefined } };
      }
      if (type && RESPONSES_TEXT_EVENTS.has(type) && typeof data.delta === "string") return { text: data.delta };
      return {};
    },
    usage: () => usage,
    isComplete: () => isDone,
    responseId: () => responseId,
  };
}

/**
 * Streamed image generation: image_generation.partial_image events (no usage), then image_generation.completed with
 * the final image and, for GPT image models, its token usage. The relay streams one image per request (schemas.ts),
 * so the completed event is the terminal one.
 */
export function createImagesStreamReader(): StreamReader {
  let usage: Usage | null = null;
  let images = 0;
  return {
    isSignificant: ({ event, data }) => event === "image_generation.completed" || data.includes('"image_generation.completed"') || data.includes('"error"'),
    read(event: SseEvent, data: unknown): StreamReadResult {
      if (!isRecord(data)) return {};
      const type = typeof data.type === "string" ? data.type : event.event;
      if (isRecord(data.error) || type === "error") {
        const error = isRecord(data.error) ? data.error : data;
        return { error: { message: typeof error.message === "string" ? error.message : "Upstream stream error", type: typeof error.type === "string" ? error.type : undefined } };
      }
      if (type !== "image_generation.completed") return {};
      images++;
      const reported = convertImagesUsage({ data: [], usage: data.usage }) ?? EMPTY_USAGE;
      usage = { ...addUsage(usage ?? EMPTY_USAGE, reported), images };
      return {};
    },
    usage: () => usage,
    isComplete: () => images > 0,
  };
}

export function createOpenAiStreamReader(operation: Operation): StreamReader {
  if (operation === "images") return createImagesStreamReader();
  return operation === "responses" ? createResponsesStreamReader() : createChatStreamReader();
}
