/**
 * OpenAI chat-completion response → Responses API response (for a Responses client served by a chat-only channel).
 * Reasoning becomes a reasoning item, text a message item, tool calls function_call items (custom_tool_call for
 * tools the client declared as custom). A length stop is status "incomplete" with reason max_output_tokens.
 * Claude's signed thinking blocks, where the answer keeps them (the client asked for reasoning.encrypted_content, or
 * the response is stored for previous_response_id), ride in the reasoning item's encrypted_content (thinking-blocks.ts).
 */
import { convertChatUsage, toResponsesUsage } from "../providers/openai/convert-openai-usage";
import type { ChatResponse } from "../providers/openai/types";
import type { ResponsesOutputItem, ResponsesRequest, ResponsesResponse } from "../providers/openai/responses-types";
import { EMPTY_USAGE } from "../../billing/usage";
import { CUSTOM_TOOL_INPUT } from "./responses-to-chat-request";
import { encodeThinking, thinkingBlocksOf } from "./thinking-blocks";
import { nowSeconds, outputItemId, parseJsonObject, randomId } from "./types";

export function toolCallItem({ id, callId, name, args, customToolNames }: { id: (prefix: string) => string; callId: string; name: string; args: string; customToolNames: Set<string> }): ResponsesOutputItem {
  if (customToolNames.has(name)) {
    const input = parseJsonObject(args)[CUSTOM_TOOL_INPUT];
    return { type: "custom_tool_call", id: id("ctc_"), call_id: callId, name, input: typeof input === "string" ? input : args, status: "completed" };
  }
  return { type: "function_call", id: id("fc_"), call_id: callId, name, arguments: args, status: "completed" };
}

/** Fields of the request that a Responses object echoes back. */
export function echoRequest(request: ResponsesRequest): Record<string, unknown> {
  return {
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    temperature: request.temperature ?? null,
    top_p: request.top_p ?? null,
    tool_choice: request.tool_choice ?? "auto",
    tools: request.tools ?? [],
    text: request.text ?? { format: { type: "text" } },
    previous_response_id: request.previous_response_id ?? null,
    reasoning: request.reasoning ?? null,
    store: request.store !== false,
    metadata: request.metadata ?? {},
  };
}

export function chatToResponsesResponse(
  response: ChatResponse,
  { request, customToolNames }: { request: ResponsesRequest; customToolNames: Set<string> },
): ResponsesResponse {
  const choice = response.choices?.[0];
  const message = choice?.message;
  const responseId = randomId("resp_");
  const output: ResponsesOutputItem[] = [];
  const id = (prefix: string) => outputItemId(prefix, responseId, output.length);
  const thinkingBlocks = thinkingBlocksOf(message?.thinking_blocks);
  if (message?.reasoning_content || thinkingBlocks.length) {
    output.push({
      type: "reasoning",
      id: id("rs_"),
      summary: message?.reasoning_content ? [{ type: "summary_text", text: message.reasoning_content }] : [],
      ...(thinkingBlocks.length ? { encrypted_content: encodeThinking(thinkingBlocks) } : {}),
    });
  }
  if (typeof message?.content === "string" && message.content) {
    output.push({ type: "message", id: id("msg_"), status: "completed", role: "assistant", content: [{ type: "output_text", text: message.content, annotations: [] }] });
  }
  for (const call of message?.tool_calls ?? []) {
    output.push(toolCallItem({ id, callId: call.id, name: call.function.name, args: call.function.arguments, customToolNames }));
  }
  const isIncomplete = choice?.finish_reason === "length";
  return {
    id: responseId,
    object: "response",
    created_at: nowSeconds(),
    status: isIncomplete ? "incomplete" : "completed",
    model: response.model,
    output,
    usage: toResponsesUsage(convertChatUsage(response.usage) ?? EMPTY_USAGE) as ResponsesResponse["usage"],
    incomplete_details: isIncomplete ? { reason: "max_output_tokens" } : null,
    error: null,
    ...echoRequest(request),
  };
}
