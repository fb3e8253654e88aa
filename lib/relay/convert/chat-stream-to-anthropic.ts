/**
 * OpenAI chat-completion chunks → Anthropic stream events. message_start opens the message; content, reasoning and
 * each tool call become content blocks (opened, deltas, closed in order); the finish reason and the usage (which
 * OpenAI sends in a last chunk after the finish reason) are held back for message_delta, sent with message_stop
 * once the upstream's [DONE] arrives. Anthropic's message_start carries the prompt's input_tokens, and some clients
 * read them only there (LangChain's ChatAnthropic sums usage chunks, taking input tokens from message_start and none
 * from message_delta): an OpenAI upstream reports its count only at the end, so message_start carries the relay's
 * own count of the prompt, and message_delta the upstream's (cumulative, as Anthropic's is; the count billed).
 */
import type { Usage } from "../../billing/usage";
import { toAnthropicUsage } from "../providers/anthropic/convert-anthropic-usage";
import { chatToAnthropicStopReason } from "../providers/anthropic/map-anthropic-finish-reason";
import { convertChatUsage } from "../providers/openai/convert-openai-usage";
import { isRecord } from "../providers/types";
import type { ChatChunk } from "../providers/openai/types";
import { type EventConverter, type ProtocolEvent, randomId } from "./types";

type OpenBlock = { kind: "text" | "thinking" | "tool"; toolIndex?: number };

export function createChatToAnthropicStream({ model, promptTokens = 0 }: { model: string; promptTokens?: number }): EventConverter {
  let hasStarted = false;
  let blockIndex = -1;
  let open: OpenBlock | null = null;
  let finishReason: string | null = null;
  let usage: Usage | null = null;

  const start = (chunk: ChatChunk): ProtocolEvent[] => {
    hasStarted = true;
    return [
      {
        event: "message_start",
        data: {
          type: "message_start",
          message: {
            id: randomId("msg_"),
            type: "message",
            role: "assistant",
            model: chunk.model || model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: promptTokens, output_tokens: 0 },
          },
        },
      },
    ];
  };

  const close = (): ProtocolEvent[] => {
    if (!open) return [];
    open = null;
    return [{ event: "content_block_stop", data: { type: "content_block_stop", index: blockIndex } }];
  };

  const openBlock = (block: OpenBlock, contentBlock: Record<string, unknown>): ProtocolEvent[] => {
    const events = close();
    blockIndex++;
    open = block;
    events.push({ event: "content_block_start", data: { type: "content_block_start", index: blockIndex, content_block: contentBlock } });
    return events;
  };

  const delta = (body: Record<string, unknown>): ProtocolEvent => ({ event: "content_block_delta", data: { type: "content_block_delta", index: blockIndex, delta: body } });

  return {
    push(_event, data) {
      if (data === "[DONE]" || !isRecord(data)) return [];
      const chunk = data as ChatChunk;
      const events: ProtocolEvent[] = hasStarted ? [] : start(chunk);
      if (chunk.usage) usage = convertChatUsage(chunk.usage);
      for (const choice of chunk.choices ?? []) {
        const { content, reasoning_content: reasoning, tool_calls: toolCalls } = choice.delta ?? {};
        if (typeof reasoning === "string" && reasoning) {
          if (open?.kind !== "thinking") events.push(...openBlock({ kind: "thinking" }, { type: "thinking", thinking: "", signature: "" }));
          events.push(delta({ type: "thinking_delta", thinking: reasoning }));
        }
        if (typeof content === "string" && content) {
          if (open?.kind !== "text") events.push(...openBlock({ kind: "text" }, { type: "text", text: "" }));
          events.push(delta({ type: "text_delta", text: content }));
        }
        for (const call of toolCalls ?? []) {
          if (open?.kind !== "tool" || open.toolIndex !== call.index) {
            events.push(...openBlock({ kind: "tool", toolIndex: call.index }, { type: "tool_use", id: call.id || randomId("toolu_"), name: call.function?.name ?? "", input: {} }));
          }
          if (call.function?.arguments) events.push(delta({ type: "input_json_delta", partial_json: call.function.arguments }));
        }
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
      return events;
    },
    end() {
      const events: ProtocolEvent[] = hasStarted ? [] : start({ model } as ChatChunk);
      events.push(...close());
      events.push({
        event: "message_delta",
        data: {
          type: "message_delta",
          delta: { stop_reason: chatToAnthropicStopReason(finishReason), stop_sequence: null },
          usage: usage ? toAnthropicUsage(usage) : { output_tokens: 0 },
        },
      });
      events.push({ event: "message_stop", data: { type: "message_stop" } });
      return events;
    },
  };
}
