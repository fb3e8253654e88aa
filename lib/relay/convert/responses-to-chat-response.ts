/**
 * A Responses API answer → OpenAI chat completions, JSON and stream (the way back of chat-to-responses-request.ts).
 * Output messages' output_text is the content (refusals the refusal), function_call items the tool calls (by their
 * call ids), reasoning summaries the reasoning_content; the finish reason is tool_calls when the model called a
 * function, length when it stopped at max_output_tokens, content_filter when filtered, stop otherwise. A stream's
 * first chunk carries the role; at response.completed (or .incomplete) a chunk with the finish reason is sent, then —
 * when the client asked with stream_options.include_usage — a usage chunk, then [DONE]. A failed response or an error
 * event reaches the client as deliver-stream.ts's error in the client's protocol, not from here. Reasoning items with
 * their encrypted content are remembered under the function call they precede (chat-to-responses-request.ts).
 */
import type { ChatChunkToolCall, ChatFinishReason, ChatResponse, ChatToolCall } from "../providers/openai/types";
import { convertResponsesUsage, toChatUsage } from "../providers/openai/convert-openai-usage";
import { isRecord, num } from "../providers/types";
import { rememberResponsesReasoning } from "./chat-to-responses-request";
import { chatStreamEnd, type EventConverter, type ProtocolEvent, nowSeconds, randomId } from "./types";

function finishReason(response: Record<string, unknown>, hasToolCalls: boolean): ChatFinishReason {
  if (hasToolCalls) return "tool_calls";
  const reason = isRecord(response.incomplete_details) ? response.incomplete_details.reason : undefined;
  if (reason === "max_output_tokens") return "length";
  if (reason === "content_filter") return "content_filter";
  return "stop";
}

function summaryText(item: Record<string, unknown>): string {
  return Array.isArray(item.summary) ? item.summary.map((part) => (isRecord(part) && typeof part.text === "string" ? part.text : "")).join("\n\n") : "";
}

/** `scope`: the API key the request was made for (its reasoning items are remembered for that key). */
export function responsesToChatResponse(json: unknown, { model, scope = "" }: { model: string; scope?: string }): ChatResponse {
  const response = isRecord(json) ? json : {};
  let content = "";
  let refusal = "";
  const reasoning: string[] = [];
  const toolCalls: ChatToolCall[] = [];
  /** reasoning items not yet followed by a function call */
  let pending: Record<string, unknown>[] = [];
  for (const item of Array.isArray(response.output) ? response.output : []) {
    if (!isRecord(item)) continue;
    if (item.type === "message" && Array.isArray(item.content)) {
      for (const part of item.content) {
        if (isRecord(part) && part.type === "output_text" && typeof part.text === "string") content += part.text;
        else if (isRecord(part) && part.type === "refusal" && typeof part.refusal === "string") refusal += part.refusal;
      }
    } else if (item.type === "function_call" && typeof item.call_id === "string" && typeof item.name === "string") {
      toolCalls.push({ id: item.call_id, type: "function", function: { name: item.name, arguments: typeof item.arguments === "string" ? item.arguments : "{}" } });
      rememberResponsesReasoning(scope, pending, item);
      pending = [];
    } else if (item.type === "reasoning") {
      const text = summaryText(item);
      if (text) reasoning.push(text);
      pending.push(item);
    }
  }
  const usage = convertResponsesUsage(response.usage);
  const message: ChatResponse["choices"][number]["message"] = { role: "assistant", content: content || (toolCalls.length || refusal ? null : "") };
  if (toolCalls.length) message.tool_calls = toolCalls;
  if (refusal) message.refusal = refusal;
  if (reasoning.length) message.reasoning_content = reasoning.join("\n\n");
  return {
    id: randomId("chatcmpl-"),
    object: "chat.completion",
    created: typeof response.created_at === "number" ? response.created_at : nowSeconds(),
    model: typeof response.model === "string" ? response.model : model,
    choices: [{ index: 0, message, finish_reason: finishReason(response, toolCalls.length > 0), logprobs: null }],
    ...(usage ? { usage: toChatUsage(usage) as ChatResponse["usage"] } : {}),
  };
}

export function createResponsesToChatStream({ model, includeUsage, scope = "" }: { model: string; includeUsage: boolean; scope?: string }): EventConverter {
  const id = randomId("chatcmpl-");
  const created = nowSeconds();
  let upstreamModel = model;
  let hasStarted = false;
  let hasFinished = false;
  /** tool call index by the function_call item's output index */
  const toolIndexByOutput = new Map<number, number>();
  /** reasoning items done and not yet followed by a function call */
  let pending: Record<string, unknown>[] = [];

  const chunk = (delta: Record<string, unknown>, finish: ChatFinishReason | null = null): ProtocolEvent => ({
    data: { id, object: "chat.completion.chunk", created, model: upstreamModel, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] },
  });
  const start = (): ProtocolEvent[] => {
    if (hasStarted) return [];
    hasStarted = true;
    return [chunk({ role: "assistant", content: "" })];
  };
  const toolCall = (call: ChatChunkToolCall): ProtocolEvent[] => [...start(), chunk({ tool_calls: [call] })];
  /** a text delta as the chat delta field `field` (nothing for an empty one) */
  const textDelta = (field: string, delta: unknown): ProtocolEvent[] => (typeof delta === "string" && delta ? [...start(), chunk({ [field]: delta })] : []);

  const finish = (response: Record<string, unknown> | null): ProtocolEvent[] => {
    if (hasFinished) return [];
    hasFinished = true;
    const usage = includeUsage && response ? convertResponsesUsage(response.usage) : null;
    return [...start(), ...chatStreamEnd({ id, created, model: upstreamModel, finishReason: finishReason(response ?? {}, toolIndexByOutput.size > 0), usage })];
  };

  return {
    push(event, data) {
      if (!isRecord(data)) return [];
      const type = typeof data.type === "string" ? data.type : event;
      switch (type) {
        case "response.created": {
          if (isRecord(data.response) && typeof data.response.model === "string") upstreamModel = data.response.model;
          return start();
        }
        case "response.output_item.added": {
          const item = isRecord(data.item) ? data.item : {};
          if (item.type !== "function_call") return [];
          rememberResponsesReasoning(scope, pending, item);
          pending = [];
          const index = toolIndexByOutput.size;
          toolIndexByOutput.set(num(data.output_index), index);
          const args = typeof item.arguments === "string" ? item.arguments : "";
          return toolCall({ index, id: typeof item.call_id === "string" ? item.call_id : "", type: "function", function: { name: typeof item.name === "string" ? item.name : "", arguments: args } });
        }
        case "response.output_item.done": {
          // a reasoning item is whole (its encrypted content included) only when done
          if (isRecord(data.item) && data.item.type === "reasoning") pending.push(data.item);
          return [];
        }
        case "response.function_call_arguments.delta": {
          const index = toolIndexByOutput.get(num(data.output_index));
          return index === undefined || typeof data.delta !== "string" || !data.delta ? [] : toolCall({ index, function: { arguments: data.delta } });
        }
        case "response.output_text.delta":
          return textDelta("content", data.delta);
        case "response.refusal.delta":
          return textDelta("refusal", data.delta);
        case "response.reasoning_summary_text.delta":
          return textDelta("reasoning_content", data.delta);
        case "response.reasoning_summary_part.added":
          // a second summary part follows the first after a blank line, as in the JSON answer
          return num(data.summary_index) > 0 ? textDelta("reasoning_content", "\n\n") : [];
        case "response.completed":
        case "response.incomplete":
          return finish(isRecord(data.response) ? data.response : null);
        default:
          return [];
      }
    },
    end: () => finish(null),
  };
}
