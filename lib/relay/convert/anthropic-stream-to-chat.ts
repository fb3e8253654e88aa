/**
 * Anthropic stream events → OpenAI chat-completion chunks. The first chunk carries the role; text, thinking and
 * tool-input deltas become content, reasoning_content and tool_calls deltas; at message_stop a chunk with the
 * finish reason is sent, then (when the client asked with stream_options.include_usage) a usage chunk, then [DONE].
 * For a JSON-mode request (`jsonAnswer`), the answer's tool input deltas are the answer's content. With
 * `keepThinking` (a Responses client's stream: thinking-blocks.ts) each thinking block, once complete with its
 * signature, follows its text as a `thinking_blocks` delta.
 */
import type { Usage } from "../../billing/usage";
import { anthropicToChatFinishReason } from "../providers/anthropic/map-anthropic-finish-reason";
import { isRecord, num } from "../providers/types";
import { JSON_ANSWER_TOOL } from "./chat-to-anthropic-request";
import { thinkingBlocksOf } from "./thinking-blocks";
import { chatStreamEnd, type EventConverter, type ProtocolEvent, nowSeconds, randomId } from "./types";

export function createAnthropicToChatStream({
  model,
  includeUsage,
  jsonAnswer = false,
  keepThinking = false,
}: {
  model: string;
  includeUsage: boolean;
  jsonAnswer?: boolean;
  keepThinking?: boolean;
}): EventConverter {
  const id = randomId("chatcmpl-");
  const created = nowSeconds();
  let upstreamModel = model;
  let finishReason: string | null = null;
  let toolIndex = -1;
  const toolIndexByBlock = new Map<number, number>();
  /** the content block of the JSON-mode answer's tool, or -1 */
  let answerBlock = -1;
  let usage: Usage = { input: { noCache: 0, cacheRead: 0, cacheWrite: 0 }, output: { text: 0, reasoning: 0 } };
  let hasFinished = false;
  /** the thinking block being streamed (keepThinking): its index, text and signature so far */
  let thinking: { index: number; text: string; signature: string } | null = null;

  const chunk = (delta: Record<string, unknown>, finish: string | null = null): ProtocolEvent => ({
    data: { id, object: "chat.completion.chunk", created, model: upstreamModel, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] },
  });

  const mergeUsage = (raw: Record<string, unknown>) => {
    usage = {
      input: {
        noCache: raw.input_tokens != null ? num(raw.input_tokens) : usage.input.noCache,
        cacheRead: raw.cache_read_input_tokens != null ? num(raw.cache_read_input_tokens) : usage.input.cacheRead,
        cacheWrite: raw.cache_creation_input_tokens != null ? num(raw.cache_creation_input_tokens) : usage.input.cacheWrite,
      },
      output: { text: raw.output_tokens != null ? num(raw.output_tokens) : usage.output.text, reasoning: 0 },
    };
  };

  const finish = (): ProtocolEvent[] => {
    if (hasFinished) return [];
    hasFinished = true;
    const stopReason = answerBlock !== -1 && finishReason === "tool_use" ? "end_turn" : finishReason;
    return chatStreamEnd({ id, created, model: upstreamModel, finishReason: anthropicToChatFinishReason(stopReason) ?? "stop", usage: includeUsage ? usage : null });
  };

  return {
    push(event, data) {
      if (!isRecord(data)) return [];
      const type = typeof data.type === "string" ? data.type : event;
      switch (type) {
        case "message_start": {
          const message = isRecord(data.message) ? data.message : {};
          if (typeof message.model === "string") upstreamModel = message.model;
          if (isRecord(message.usage)) mergeUsage(message.usage);
          return [chunk({ role: "assistant", content: "" })];
        }
        case "content_block_start": {
          const block = isRecord(data.content_block) ? data.content_block : {};
          if (keepThinking && block.type === "thinking") thinking = { index: num(data.index), text: "", signature: "" };
          if (keepThinking && block.type === "redacted_thinking") {
            const blocks = thinkingBlocksOf([{ ...block, index: num(data.index) }]);
            return blocks.length ? [chunk({ thinking_blocks: blocks })] : [];
          }
          if (block.type !== "tool_use") return [];
          if (jsonAnswer && block.name === JSON_ANSWER_TOOL) {
            answerBlock = num(data.index);
            return [];
          }
          toolIndex++;
          toolIndexByBlock.set(num(data.index), toolIndex);
          return [chunk({ tool_calls: [{ index: toolIndex, id: block.id, type: "function", function: { name: block.name, arguments: "" } }] })];
        }
        case "content_block_delta": {
          const delta = isRecord(data.delta) ? data.delta : {};
          if (delta.type === "text_delta" && typeof delta.text === "string") return [chunk({ content: delta.text })];
          if (delta.type === "thinking_delta" && typeof delta.thinking === "string") {
            if (thinking?.index === num(data.index)) thinking.text += delta.thinking;
            return [chunk({ reasoning_content: delta.thinking })];
          }
          if (delta.type === "signature_delta" && typeof delta.signature === "string" && thinking?.index === num(data.index)) {
            thinking.signature += delta.signature;
            return [];
          }
          if (delta.type === "input_json_delta" && typeof delta.partial_json === "string") {
            if (num(data.index) === answerBlock) return delta.partial_json ? [chunk({ content: delta.partial_json })] : [];
            const index = toolIndexByBlock.get(num(data.index)) ?? toolIndex;
            return [chunk({ tool_calls: [{ index, function: { arguments: delta.partial_json } }] })];
          }
          return [];
        }
        case "content_block_stop": {
          if (!thinking || thinking.index !== num(data.index)) return [];
          const blocks = thinkingBlocksOf([{ type: "thinking", thinking: thinking.text, signature: thinking.signature, index: thinking.index }]);
          thinking = null;
          return blocks.length ? [chunk({ thinking_blocks: blocks })] : [];
        }
        case "message_delta": {
          if (isRecord(data.delta) && typeof data.delta.stop_reason === "string") finishReason = data.delta.stop_reason;
          if (isRecord(data.usage)) mergeUsage(data.usage);
          return [];
        }
        case "message_stop":
          return finish();
        default:
          return [];
      }
    },
    end: finish,
  };
}
