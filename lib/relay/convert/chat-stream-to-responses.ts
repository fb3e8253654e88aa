/**
 * OpenAI chat-completion chunks → Responses API stream events, in the order strict clients (Codex CLI) require:
 * response.created, response.in_progress; per output item: response.output_item.added, then for a message
 * response.content_part.added → response.output_text.delta… → response.output_text.done → response.content_part.done,
 * for reasoning the reasoning_summary_* events, for a tool call response.function_call_arguments.delta/.done;
 * response.output_item.done; finally response.completed (or response.incomplete) with usage. Every event carries
 * a sequence_number. Text is accumulated because the *.done events and the final response repeat it.
 * Claude's signed thinking blocks (`thinking_blocks` deltas, where the client asked for reasoning.encrypted_content or
 * the response is stored) ride in their reasoning item's encrypted_content (thinking-blocks.ts).
 */
import type { Usage } from "../../billing/usage";
import { convertChatUsage, toResponsesUsage } from "../providers/openai/convert-openai-usage";
import type { ChatChunk } from "../providers/openai/types";
import type { ResponsesOutputItem, ResponsesRequest, ResponsesResponse } from "../providers/openai/responses-types";
import { isRecord } from "../providers/types";
import { echoRequest, toolCallItem } from "./chat-to-responses-response";
import { encodeThinking, type ThinkingBlock, thinkingBlocksOf } from "./thinking-blocks";
import { type EventConverter, type ProtocolEvent, nowSeconds, outputItemId, randomId } from "./types";

type OpenItem =
  | { kind: "message"; id: string; outputIndex: number; text: string }
  | { kind: "reasoning"; id: string; outputIndex: number; text: string; blocks: ThinkingBlock[] }
  | { kind: "tool"; id: string; outputIndex: number; chatIndex: number; callId: string; name: string; args: string };

export function createChatToResponsesStream({
  model,
  request,
  customToolNames,
  onComplete = () => undefined,
}: {
  model: string;
  request: ResponsesRequest;
  customToolNames: Set<string>;
  /** the final Responses object, when the stream completed (the response store) */
  onComplete?: (response: ResponsesResponse) => void;
}): EventConverter {
  const responseId = randomId("resp_");
  const createdAt = nowSeconds();
  let sequence = 0;
  let upstreamModel = model;
  let hasStarted = false;
  let open: OpenItem | null = null;
  const done: ResponsesOutputItem[] = [];
  let finishReason: string | null = null;
  let usage: Usage | null = null;

  const emit = (type: string, body: Record<string, unknown>): ProtocolEvent => ({ event: type, data: { type, sequence_number: sequence++, ...body } });

  const snapshot = (status: string, extra: Record<string, unknown> = {}) => ({
    id: responseId,
    object: "response",
    created_at: createdAt,
    status,
    model: upstreamModel,
    output: done,
    usage: null,
    incomplete_details: null,
    error: null,
    ...echoRequest(request),
    ...extra,
  });

  const start = (): ProtocolEvent[] => {
    hasStarted = true;
    return [emit("response.created", { response: snapshot("in_progress", { output: [] }) }), emit("response.in_progress", { response: snapshot("in_progress", { output: [] }) })];
  };

  const close = (): ProtocolEvent[] => {
    const item = open;
    if (!item) return [];
    open = null;
    const events: ProtocolEvent[] = [];
    let finished: ResponsesOutputItem;
    if (item.kind === "message") {
      const part = { type: "output_text", text: item.text, annotations: [] };
      events.push(emit("response.output_text.done", { item_id: item.id, output_index: item.outputIndex, content_index: 0, text: item.text, logprobs: [] }));
      events.push(emit("response.content_part.done", { item_id: item.id, output_index: item.outputIndex, content_index: 0, part }));
      finished = { type: "message", id: item.id, status: "completed", role: "assistant", content: [{ type: "output_text", text: item.text, annotations: [] }] };
    } else if (item.kind === "reasoning") {
      const part = { type: "summary_text" as const, text: item.text };
      events.push(emit("response.reasoning_summary_text.done", { item_id: item.id, output_index: item.outputIndex, summary_index: 0, text: item.text }));
      events.push(emit("response.reasoning_summary_part.done", { item_id: item.id, output_index: item.outputIndex, summary_index: 0, part }));
      finished = { type: "reasoning", id: item.id, summary: [part], ...(item.blocks.length ? { encrypted_content: encodeThinking(item.blocks) } : {}) };
    } else {
      const tool = toolCallItem({ id: () => item.id, callId: item.callId, name: item.name, args: item.args, customToolNames });
      if (tool.type === "function_call") {
        events.push(emit("response.function_call_arguments.done", { item_id: item.id, output_index: item.outputIndex, arguments: item.args }));
      } else {
        events.push(emit("response.output_item.added", { output_index: item.outputIndex, item: { ...tool, input: "", status: "in_progress" } }));
      }
      finished = tool;
    }
    done.push(finished);
    events.push(emit("response.output_item.done", { output_index: item.outputIndex, item: finished }));
    return events;
  };

  const openMessage = (): ProtocolEvent[] => {
    const events = close();
    const item: OpenItem = { kind: "message", id: outputItemId("msg_", responseId, done.length), outputIndex: done.length, text: "" };
    open = item;
    events.push(emit("response.output_item.added", { output_index: item.outputIndex, item: { type: "message", id: item.id, status: "in_progress", role: "assistant", content: [] } }));
    events.push(emit("response.content_part.added", { item_id: item.id, output_index: item.outputIndex, content_index: 0, part: { type: "output_text", text: "", annotations: [] } }));
    return events;
  };

  const openReasoning = (): ProtocolEvent[] => {
    const events = close();
    const item: OpenItem = { kind: "reasoning", id: outputItemId("rs_", responseId, done.length), outputIndex: done.length, text: "", blocks: [] };
    open = item;
    events.push(emit("response.output_item.added", { output_index: item.outputIndex, item: { type: "reasoning", id: item.id, summary: [] } }));
    events.push(emit("response.reasoning_summary_part.added", { item_id: item.id, output_index: item.outputIndex, summary_index: 0, part: { type: "summary_text", text: "" } }));
    return events;
  };

  const openTool = (chatIndex: number, callId: string, name: string): ProtocolEvent[] => {
    const events = close();
    const isCustom = customToolNames.has(name);
    const item: OpenItem = { kind: "tool", id: outputItemId(isCustom ? "ctc_" : "fc_", responseId, done.length), outputIndex: done.length, chatIndex, callId, name, args: "" };
    open = item;
    // a custom tool's input is only known once its JSON arguments are complete: it is announced when it closes
    if (!isCustom) {
      events.push(emit("response.output_item.added", { output_index: item.outputIndex, item: { type: "function_call", id: item.id, call_id: callId, name, arguments: "", status: "in_progress" } }));
    }
    return events;
  };

  return {
    push(_event, data) {
      if (data === "[DONE]" || !isRecord(data)) return [];
      const chunk = data as ChatChunk;
      if (chunk.model) upstreamModel = chunk.model;
      const events: ProtocolEvent[] = hasStarted ? [] : start();
      if (chunk.usage) usage = convertChatUsage(chunk.usage);
      for (const choice of chunk.choices ?? []) {
        const { content, reasoning_content: reasoning, tool_calls: toolCalls, thinking_blocks: thinkingBlocks } = choice.delta ?? {};
        if (typeof reasoning === "string" && reasoning) {
          if (open?.kind !== "reasoning") events.push(...openReasoning());
          const item = open as unknown as Extract<OpenItem, { kind: "reasoning" }>;
          item.text += reasoning;
          events.push(emit("response.reasoning_summary_text.delta", { item_id: item.id, output_index: item.outputIndex, summary_index: 0, delta: reasoning }));
        }
        const blocks = thinkingBlocksOf(thinkingBlocks);
        if (blocks.length) {
          // a block follows its own text (or comes alone, where the model's thinking text is omitted)
          if (open?.kind !== "reasoning") events.push(...openReasoning());
          (open as unknown as Extract<OpenItem, { kind: "reasoning" }>).blocks.push(...blocks);
        }
        if (typeof content === "string" && content) {
          if (open?.kind !== "message") events.push(...openMessage());
          const item = open as unknown as Extract<OpenItem, { kind: "message" }>;
          item.text += content;
          events.push(emit("response.output_text.delta", { item_id: item.id, output_index: item.outputIndex, content_index: 0, delta: content, logprobs: [] }));
        }
        for (const call of toolCalls ?? []) {
          if (open?.kind !== "tool" || open.chatIndex !== call.index) events.push(...openTool(call.index, call.id ?? randomId("call_"), call.function?.name ?? ""));
          const item = open as unknown as Extract<OpenItem, { kind: "tool" }>;
          const args = call.function?.arguments ?? "";
          if (args) {
            item.args += args;
            if (!customToolNames.has(item.name)) events.push(emit("response.function_call_arguments.delta", { item_id: item.id, output_index: item.outputIndex, delta: args }));
          }
        }
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
      return events;
    },
    end() {
      const events: ProtocolEvent[] = hasStarted ? [] : start();
      events.push(...close());
      const isIncomplete = finishReason === "length";
      const final = snapshot(isIncomplete ? "incomplete" : "completed", {
        usage: usage ? toResponsesUsage(usage) : null,
        incomplete_details: isIncomplete ? { reason: "max_output_tokens" } : null,
      });
      onComplete(final as unknown as ResponsesResponse);
      events.push(emit(isIncomplete ? "response.incomplete" : "response.completed", { response: final }));
      return events;
    },
  };
}
