/**
 * Reads an Anthropic Messages stream: usage from message_start (input, cache) and message_delta (output, and input
 * again on newer API versions), completion at message_stop, `event: error` as an error.
 */
import { hourWritesPart, type Usage } from "../../../billing/usage";
import type { SseEvent } from "../../sse/sse-parser";
import type { StreamReader, StreamReadResult } from "../types";
import { isRecord, num } from "../types";
import { oneHourWrites } from "./convert-anthropic-usage";

const SIGNIFICANT = new Set(["message_start", "message_delta", "message_stop", "error"]);

export function createAnthropicStreamReader(): StreamReader {
  let usage: Usage | null = null;
  let isDone = false;
  const merge = (raw: Record<string, unknown>) => {
    const current = usage ?? { input: { noCache: 0, cacheRead: 0, cacheWrite: 0 }, output: { text: 0, reasoning: 0 } };
    usage = {
      input: {
        noCache: raw.input_tokens != null ? num(raw.input_tokens) : current.input.noCache,
        cacheRead: raw.cache_read_input_tokens != null ? num(raw.cache_read_input_tokens) : current.input.cacheRead,
        cacheWrite: raw.cache_creation_input_tokens != null ? num(raw.cache_creation_input_tokens) : current.input.cacheWrite,
        ...hourWritesPart(oneHourWrites(raw) ?? current.input.cacheWrite1h),
      },
      output: { text: raw.output_tokens != null ? num(raw.output_tokens) : current.output.text, reasoning: 0 },
    };
  };
  return {
    isSignificant: ({ event }) => event === undefined || SIGNIFICANT.has(event),
    read(event: SseEvent, data: unknown): StreamReadResult {
      if (!isRecord(data)) return {};
      const type = typeof data.type === "string" ? data.type : event.event;
      switch (type) {
        case "message_start":
          if (isRecord(data.message) && isRecord(data.message.usage)) merge(data.message.usage);
          return {};
        case "message_delta":
          if (isRecord(data.usage)) merge(data.usage);
          return {};
        case "message_stop":
          isDone = true;
          return {};
        case "content_block_delta": {
          const delta = isRecord(data.delta) ? data.delta : {};
          const text = delta.text ?? delta.thinking ?? delta.partial_json;
          return typeof text === "string" ? { text } : {};
        }
        case "content_block_start": {
          const block = isRecord(data.content_block) ? data.content_block : {};
          return block.type === "tool_use" && typeof block.name === "string" ? { text: block.name } : {};
        }
        case "error": {
          const error = isRecord(data.error) ? data.error : {};
          return { error: { message: typeof error.message === "string" ? error.message : "Upstream stream error", type: typeof error.type === "string" ? error.type : undefined } };
        }
        default:
          return {};
      }
    },
    usage: () => usage,
    isComplete: () => isDone,
  };
}
