/**
 * The fake upstream's Anthropic protocol: Messages (JSON and SSE with message_start, content blocks — thinking with
 * signature, text, tool_use with input_json_delta —, ping, message_delta with usage, message_stop) and count_tokens.
 */
import type { ServerResponse } from "node:http";
import { writeSse, type SseFrame } from "./sse-writer";
import { type FakeBehavior, fakeId, resolved } from "./upstream-types";

type Body = Record<string, unknown>;

export async function anthropicMessages(body: Body, behavior: FakeBehavior, res: ServerResponse): Promise<void> {
  const r = resolved(behavior);
  const id = fakeId("msg_");
  const model = String(body.model);
  const tool = behavior.toolCall;
  const usage = { input_tokens: r.inputTokens, cache_creation_input_tokens: r.cacheWrite, cache_read_input_tokens: r.cacheRead, output_tokens: r.outputTokens, service_tier: "standard" };
  const stopReason = tool ? "tool_use" : "end_turn";
  const content: Record<string, unknown>[] = [];
  if (behavior.reasoning) content.push({ type: "thinking", thinking: behavior.reasoning, signature: "EqQBCgIYAhIM-fake-signature" });
  content.push({ type: "text", text: r.text });
  if (tool) content.push({ type: "tool_use", id: "toolu_fake1", name: tool.name, input: tool.arguments });
  if (body.stream !== true) {
    res.writeHead(200, { "content-type": "application/json", "request-id": fakeId("req_") });
    res.end(JSON.stringify({ id, type: "message", role: "assistant", model, content, stop_reason: stopReason, stop_sequence: null, usage }));
    return;
  }
  const ev = (type: string, rest: Record<string, unknown> = {}, isContent = false): SseFrame => ({ event: type, data: { type, ...rest }, isContent });
  const startUsage = behavior.omitUsage ? {} : { usage: { input_tokens: r.inputTokens, cache_creation_input_tokens: r.cacheWrite, cache_read_input_tokens: r.cacheRead, output_tokens: 1, service_tier: "standard" } };
  const frames: SseFrame[] = [ev("message_start", { message: { id, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, ...startUsage } })];
  let index = 0;
  if (behavior.reasoning) {
    frames.push(ev("content_block_start", { index, content_block: { type: "thinking", thinking: "", signature: "" } }));
    frames.push(ev("content_block_delta", { index, delta: { type: "thinking_delta", thinking: behavior.reasoning } }, true));
    frames.push(ev("content_block_delta", { index, delta: { type: "signature_delta", signature: "EqQBCgIYAhIM-fake-signature" } }));
    frames.push(ev("content_block_stop", { index }));
    index++;
  }
  frames.push(ev("content_block_start", { index, content_block: { type: "text", text: "" } }));
  frames.push(ev("ping"));
  r.pieces.forEach((piece, i) => {
    if (behavior.errorEventAfterChunks === i) frames.push(ev("error", { error: { type: "overloaded_error", message: "Overloaded" } }));
    frames.push(ev("content_block_delta", { index, delta: { type: "text_delta", text: piece } }, true));
  });
  frames.push(ev("content_block_stop", { index }));
  if (tool) {
    index++;
    const args = JSON.stringify(tool.arguments);
    const half = Math.ceil(args.length / 2);
    frames.push(ev("content_block_start", { index, content_block: { type: "tool_use", id: "toolu_fake1", name: tool.name, input: {} } }));
    frames.push(ev("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: args.slice(0, half) } }, true));
    frames.push(ev("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: args.slice(half) } }, true));
    frames.push(ev("content_block_stop", { index }));
  }
  frames.push(ev("message_delta", { delta: { stop_reason: stopReason, stop_sequence: null }, ...(behavior.omitUsage ? {} : { usage: { output_tokens: r.outputTokens } }) }));
  frames.push(ev("message_stop"));
  await writeSse(res, frames, behavior);
}

export function anthropicCountTokens(body: Body, behavior: FakeBehavior, res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ input_tokens: behavior.inputTokens ?? Math.ceil(JSON.stringify(body.messages ?? []).length / 4) }));
}
