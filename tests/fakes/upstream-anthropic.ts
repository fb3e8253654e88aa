/**
 * The fake upstream's Anthropic protocol: Messages (JSON and SSE with message_start, content blocks — thinking with
 * signature, text, tool_use with input_json_delta —, ping, message_delta with usage, message_stop) and count_tokens.
 */
import type { ServerResponse } from "node:http";
import { writeSse, type SseFrame } from "./sse-writer";
import { type FakeBehavior, fakeId, resolved } from "./upstream-types";

type Body = Record<string, unknown>;

/**
 * What Anthropic's Messages API refuses of a request, for the Claude models it knows here (written out per model
 * from Anthropic's migration guide, not computed: the relay's own rules are what the tests check against this).
 * sampling: "none" refuses temperature, top_p and top_k at any value; "one" refuses temperature and top_p together.
 * omitsThinking: thinking blocks come back with empty text unless `thinking.display` is "summarized".
 * thinksByDefault: thinking is on unless `{type: "disabled"}` (refused at effort xhigh or max); alwaysThinks: refused.
 * noPrefill: a conversation ending with an assistant turn is refused (4.6 on); the others refuse one that ends in
 * whitespace. systemMessages: `role: "system"` messages in the conversation are taken (models with preserved
 * thinking); the others refuse them.
 */
const CLAUDE_RULES: Record<
  string,
  {
    sampling: "none" | "one";
    budget: boolean;
    adaptive: boolean;
    efforts: string[];
    noPrefill?: boolean;
    omitsThinking?: boolean;
    thinksByDefault?: boolean;
    alwaysThinks?: boolean;
    systemMessages?: boolean;
  }
> = {
  "claude-fable-5-1": { sampling: "none", budget: false, adaptive: true, noPrefill: true, systemMessages: true, efforts: ["low", "medium", "high", "xhigh", "max"], omitsThinking: true, thinksByDefault: true, alwaysThinks: true },
  "claude-opus-5": { sampling: "none", budget: false, adaptive: true, noPrefill: true, efforts: ["low", "medium", "high", "xhigh", "max"], omitsThinking: true, thinksByDefault: true },
  "claude-opus-4-8": { sampling: "none", budget: false, adaptive: true, noPrefill: true, efforts: ["low", "medium", "high", "xhigh", "max"], omitsThinking: true },
  "claude-opus-4-7": { sampling: "none", budget: false, adaptive: true, noPrefill: true, efforts: ["low", "medium", "high", "xhigh", "max"], omitsThinking: true },
  "claude-opus-4-6": { sampling: "one", budget: true, adaptive: true, noPrefill: true, efforts: ["low", "medium", "high", "max"] },
  "claude-sonnet-4-6": { sampling: "one", budget: true, adaptive: true, noPrefill: true, efforts: ["low", "medium", "high"] },
  "claude-sonnet-4-5": { sampling: "one", budget: true, adaptive: false, efforts: [] },
  "claude-haiku-4-5": { sampling: "one", budget: true, adaptive: false, efforts: [] },
};

type Block = { type?: string };

function jsonObjectOf(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
type Turn = { role?: string; content?: string | Block[] };

/** Anthropic's invalid_request_error message for what the model refuses, or null when it takes the request. */
export function anthropicRefusal(body: Body): string | null {
  const rules = CLAUDE_RULES[String(body.model)];
  if (!rules) return null;
  const has = (key: string) => body[key] !== undefined && body[key] !== null;
  if (rules.sampling === "none") {
    for (const key of ["temperature", "top_p", "top_k"]) if (has(key)) return `\`${key}\` is deprecated for this model.`;
  } else if (has("temperature") && has("top_p")) return "`temperature` and `top_p` cannot both be specified for this model. Please use only one.";
  const turns = (Array.isArray(body.messages) ? body.messages : []) as Turn[];
  const systemAt = turns.findIndex((turn) => turn.role === "system");
  if (systemAt !== -1 && !rules.systemMessages) return `messages.${systemAt}.role: Input should be 'user' or 'assistant'`;
  const final = turns.at(-1);
  if (final?.role === "assistant") {
    if (rules.noPrefill) return "This model does not support assistant message prefill. The conversation must end with a user message.";
    const text = typeof final.content === "string" ? final.content : (final.content?.at(-1) as { text?: unknown } | undefined)?.text;
    if (typeof text === "string" && text !== text.trimEnd()) return "messages: final assistant content cannot end with trailing whitespace";
  }
  const thinking = body.thinking as { type?: string; budget_tokens?: number } | undefined;
  if (thinking?.type === "enabled") {
    if (!rules.budget) return "thinking.type.enabled is not supported for this model. Use thinking.type.adaptive and output_config.effort to control thinking behavior.";
    if (typeof thinking.budget_tokens !== "number" || thinking.budget_tokens < 1024) return "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024";
    if (thinking.budget_tokens >= Number(body.max_tokens)) return "`max_tokens` must be greater than `thinking.budget_tokens`.";
  }
  if (thinking?.type === "adaptive" && !rules.adaptive) return "thinking.type.adaptive is not supported for this model.";
  const effort = (body.output_config as { effort?: unknown } | undefined)?.effort;
  if (effort !== undefined && !rules.efforts.includes(String(effort))) return `output_config.effort: \`${String(effort)}\` is not supported for this model.`;
  if (thinking?.type === "disabled" && rules.alwaysThinks) return "thinking cannot be disabled for this model.";
  if (thinking?.type === "disabled" && rules.thinksByDefault && (effort === "xhigh" || effort === "max")) return `thinking cannot be disabled at effort ${String(effort)}.`;
  const isThinking = thinking?.type === "enabled" || thinking?.type === "adaptive" || (rules.thinksByDefault === true && thinking?.type !== "disabled");
  if (isThinking) {
    if (has("temperature") && body.temperature !== 1) return "`temperature` may only be set to 1 when thinking is enabled.";
    if (has("top_p") && Number(body.top_p) < 0.95) return "`top_p` must be greater than or equal to 0.95 or unset when thinking is enabled.";
    if (has("top_k")) return "`top_k` may not be set when thinking is enabled.";
    const choice = (body.tool_choice as { type?: string } | undefined)?.type;
    if (choice === "any" || choice === "tool") return "Thinking may not be enabled when tool_choice forces tool use.";
    const isToolLoop = final?.role === "user" && Array.isArray(final.content) && final.content.some((b) => b.type === "tool_result");
    const at = turns.findLastIndex((m) => m.role === "assistant");
    // the latest assistant turn's thinking blocks as they came: a block whose signature names its place (…-at-N) there
    const latest = at === -1 || typeof turns[at].content === "string" ? [] : (turns[at].content as (Block & { signature?: unknown })[]);
    for (const [index, block] of latest.entries()) {
      const placed = typeof block.signature === "string" ? /-at-(\d+)$/.exec(block.signature) : null;
      if (placed && Number(placed[1]) !== index) {
        return `messages.${at}.content.${index}: \`thinking\` or \`redacted_thinking\` blocks in the latest assistant message cannot be modified. These blocks must remain as they were in the original response.`;
      }
    }
    const first = at === -1 || typeof turns[at].content === "string" ? undefined : (turns[at].content as Block[])[0]?.type;
    if (isToolLoop && first !== "thinking" && first !== "redacted_thinking") {
      return `messages.${at}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${first}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block.`;
    }
  }
  return null;
}

export async function anthropicMessages(body: Body, behavior: FakeBehavior, res: ServerResponse): Promise<void> {
  const refusal = anthropicRefusal(body);
  if (refusal) {
    res.writeHead(400, { "content-type": "application/json", "request-id": fakeId("req_") });
    res.end(JSON.stringify({ type: "error", error: { type: "invalid_request_error", message: refusal } }));
    return;
  }
  // a thinking block's text ("" where the model omits it: the block still comes, with its signature), or null for none
  const display = (body.thinking as { display?: unknown } | undefined)?.display;
  const thinkingText = !behavior.reasoning ? null : CLAUDE_RULES[String(body.model)]?.omitsThinking && display !== "summarized" ? "" : behavior.reasoning;
  const r = resolved(behavior);
  const id = fakeId("msg_");
  const model = String(body.model);
  // a forced tool (tool_choice "tool" or "any") is answered by a tool_use alone, as Anthropic does; a named one the
  // behavior names no call for gets the behavior's text as its input when that is a JSON object
  const choice = body.tool_choice as { type?: string; name?: string } | undefined;
  const isForced = choice?.type === "tool" || choice?.type === "any";
  const tool = behavior.toolCall ?? (choice?.type === "tool" && choice.name ? { name: choice.name, arguments: jsonObjectOf(r.text) } : undefined);
  // the cache writes split by lifetime, as Anthropic reports them (`cache_creation`)
  const hourWrites = behavior.cacheWrite1hTokens ?? 0;
  const creation = { cache_creation: { ephemeral_5m_input_tokens: r.cacheWrite - hourWrites, ephemeral_1h_input_tokens: hourWrites } };
  const usage = { input_tokens: r.inputTokens, cache_creation_input_tokens: r.cacheWrite, cache_read_input_tokens: r.cacheRead, ...creation, output_tokens: r.outputTokens, service_tier: "standard" };
  const stopReason = tool ? "tool_use" : "end_turn";
  // with a second thinking block (interleaved), each block's signature names its place, which the refusal checks
  const second = thinkingText !== null && tool && !isForced ? behavior.thinkingBeforeTool : undefined;
  const signatureAt = (index: number) => (second ? `EqQBCgIYAhIM-fake-signature-at-${index}` : "EqQBCgIYAhIM-fake-signature");
  const content: Record<string, unknown>[] = [];
  if (thinkingText !== null) content.push({ type: "thinking", thinking: thinkingText, signature: signatureAt(0) });
  if (!isForced) content.push({ type: "text", text: r.text });
  if (second) content.push({ type: "thinking", thinking: second, signature: signatureAt(content.length) });
  if (tool) content.push({ type: "tool_use", id: "toolu_fake1", name: tool.name, input: tool.arguments });
  if (body.stream !== true) {
    res.writeHead(200, { "content-type": "application/json", "request-id": fakeId("req_") });
    res.end(JSON.stringify({ id, type: "message", role: "assistant", model, content, stop_reason: stopReason, stop_sequence: null, usage }));
    return;
  }
  const ev = (type: string, rest: Record<string, unknown> = {}, isContent = false): SseFrame => ({ event: type, data: { type, ...rest }, isContent });
  const startUsage = behavior.omitUsage ? {} : { usage: { input_tokens: r.inputTokens, cache_creation_input_tokens: r.cacheWrite, cache_read_input_tokens: r.cacheRead, ...creation, output_tokens: 1, service_tier: "standard" } };
  const frames: SseFrame[] = [ev("message_start", { message: { id, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, ...startUsage } })];
  let index = 0;
  const thinkingFrames = (text: string) => {
    frames.push(ev("content_block_start", { index, content_block: { type: "thinking", thinking: "", signature: "" } }));
    if (text) frames.push(ev("content_block_delta", { index, delta: { type: "thinking_delta", thinking: text } }, true));
    frames.push(ev("content_block_delta", { index, delta: { type: "signature_delta", signature: signatureAt(index) } }));
    frames.push(ev("content_block_stop", { index }));
    index++;
  };
  if (thinkingText !== null) thinkingFrames(thinkingText);
  frames.push(ev("ping"));
  if (!isForced) {
    frames.push(ev("content_block_start", { index, content_block: { type: "text", text: "" } }));
    r.pieces.forEach((piece, i) => {
      if (behavior.errorEventAfterChunks === i) frames.push(ev("error", { error: { type: "overloaded_error", message: "Overloaded" } }));
      frames.push(ev("content_block_delta", { index, delta: { type: "text_delta", text: piece } }, true));
    });
    frames.push(ev("content_block_stop", { index }));
    index++;
  }
  if (second) thinkingFrames(second);
  if (tool) {
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
