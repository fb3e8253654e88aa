/**
 * A converted request (Anthropic Messages or Responses → chat) for an OpenAI reasoning model (o1, o3, o4-mini, the
 * GPT-5 family). Those models refuse what the conversion writes for every other chat model: `max_tokens` (they take
 * `max_completion_tokens`) and a temperature or top_p other than the default 1. A client of either protocol cannot
 * know which model will serve it (Claude Code pointed at o4-mini, Codex CLI at a chat-only channel serving gpt-5), so
 * the request is adapted here instead of failing upstream with a 400. The effort the client asked for travels as
 * `reasoning_effort`: the Responses API's `reasoning.effort` as it is, Anthropic's `output_config.effort` or its
 * extended-thinking budget by size.
 * A chat request sent to such a model is adapted the same way (an OpenAI SDK call written for gpt-4o, the playground,
 * LangChain's max_tokens), so one request works whichever model the client names; what it asks of reasoning itself
 * (`reasoning_effort`) passes as sent. Every other model (OpenAI's chat models, and the other vendors' behind
 * OpenAI-compatible channels) gets the request unchanged, and no effort — an unknown parameter is an error for some.
 */
import type { ChatRequest } from "../providers/openai/types";
import { effortOfBudget } from "./claude-models";

/** o1, o3-mini, o4-mini, gpt-5, gpt-5-mini, gpt-5.1-codex …; not gpt-5-chat-latest (a chat model) nor gpt-4o. */
const REASONING_MODEL = /^(o[1-9]\d*(-|$)|gpt-5(?!.*-chat))/;

export function isOpenAiReasoningModel(model: string): boolean {
  return REASONING_MODEL.test(model);
}

/**
 * The effort an Anthropic request asks for: `output_config.effort` when given (low, medium, high; max and xhigh as
 * high), else the extended-thinking budget by size (effortOfBudget; adaptive thinking names no effort).
 */
export function effortOfAnthropic(request: { thinking?: { type?: string; budget_tokens?: number }; output_config?: unknown }): string | undefined {
  const asked = typeof request.output_config === "object" && request.output_config !== null ? (request.output_config as { effort?: unknown }).effort : undefined;
  if (asked === "low" || asked === "medium" || asked === "high") return asked;
  if (asked === "max" || asked === "xhigh") return "high";
  const { thinking } = request;
  if (thinking?.type !== "enabled" || typeof thinking.budget_tokens !== "number") return undefined;
  return effortOfBudget(thinking.budget_tokens);
}

/** The Responses API's `reasoning.effort`, when the client gave one as text. */
export function effortOfReasoning(reasoning: unknown): string | undefined {
  const effort = typeof reasoning === "object" && reasoning !== null ? (reasoning as { effort?: unknown }).effort : undefined;
  return typeof effort === "string" && /^[a-z]{1,16}$/.test(effort) ? effort : undefined;
}

/** Whether a chat request has what a reasoning model refuses: max_tokens, or a temperature or top_p other than 1. */
export function hasWhatReasoningModelsRefuse(chat: { max_tokens?: unknown; temperature?: unknown; top_p?: unknown }): boolean {
  return chat.max_tokens != null || (chat.temperature != null && chat.temperature !== 1) || (chat.top_p != null && chat.top_p !== 1);
}

/** The chat request as `model` takes it (unchanged unless it is an OpenAI reasoning model). */
export function forOpenAiChatModel(chat: ChatRequest, { effort }: { effort?: string } = {}): ChatRequest {
  if (!isOpenAiReasoningModel(chat.model)) return chat;
  const { max_tokens, temperature, top_p, ...rest } = chat;
  const adapted: ChatRequest = { ...rest };
  if (typeof max_tokens === "number" && adapted.max_completion_tokens == null) adapted.max_completion_tokens = max_tokens;
  if (temperature === 1) adapted.temperature = 1;
  if (top_p === 1) adapted.top_p = 1;
  if (effort) adapted.reasoning_effort = effort;
  return adapted;
}

/**
 * OpenAI-compatible models that want their own reasoning back, as `reasoning_content` on the assistant turns of a
 * conversation: DeepSeek's thinking mode refuses a tool loop without it ("The `reasoning_content` in the thinking mode
 * must be passed back to the API"), and Kimi's thinking models keep their reasoning through tool calls the same way.
 * A converted request (Claude Code's thinking blocks, Codex CLI's reasoning items) carries it to these only: other
 * vendors refuse the field (OpenAI, Cerebras: "property 'messages.2.assistant.reasoning_content' is unsupported").
 */
const TAKES_REASONING_BACK = /(?:^|\/)(?:deepseek-(?:reasoner|chat|v\d)|kimi-k2(?:\.\d+)?-thinking|kimi-k2\.[5-9])/i;

export function takesReasoningBack(model: string): boolean {
  return TAKES_REASONING_BACK.test(model);
}

/** OpenAI's own models (GPT, the o-series, ChatGPT's, fine-tunes of them), which refuse message fields they do not know. */
const OPENAI_MODEL = /^(?:ft:)?(?:gpt-|o[1-9]|chatgpt-)/;

const RELAY_REASONING_KEYS = [Buffer.from('"reasoning_content"'), Buffer.from('"thinking_blocks"')];

/**
 * A chat request for one of OpenAI's own models without the reasoning other models leave on assistant messages (the
 * `reasoning_content` the relay hands out for Claude, Gemini and DeepSeek; Claude's `thinking_blocks` in LiteLLM's
 * form): an app that appends each answer to its history as it came and then switches to a GPT model would get
 * OpenAI's 400 for the unknown field. Null when
 * there is nothing to take out — decided on the client's bytes first (a key's needle cannot occur inside a JSON
 * string), so a request without them is not parsed again.
 */
export function withoutRelayReasoningFields(chat: ChatRequest, raw: Buffer, model: string): ChatRequest | null {
  if (!OPENAI_MODEL.test(model) || !RELAY_REASONING_KEYS.some((key) => raw.includes(key))) return null;
  if (!Array.isArray(chat.messages)) return null;
  let changed = false;
  const messages = chat.messages.map((message) => {
    if (message.role !== "assistant" || (!("reasoning_content" in message) && !("thinking_blocks" in message))) return message;
    changed = true;
    const { reasoning_content: _reasoning, thinking_blocks: _blocks, ...rest } = message;
    return rest;
  });
  return changed ? { ...chat, messages } : null;
}
