/**
 * OpenAI usage → canonical Usage. Chat completions report prompt/completion tokens with cached and reasoning
 * details (DeepSeek reports its own cache split); the Responses API reports input/output tokens; image models may
 * report nothing but the images.
 */
import type { Usage } from "../../../billing/usage";
import { isRecord, num } from "../types";

export function convertChatUsage(raw: unknown): Usage | null {
  if (!isRecord(raw)) return null;
  const prompt = num(raw.prompt_tokens);
  const completion = num(raw.completion_tokens);
  const details = isRecord(raw.prompt_tokens_details) ? raw.prompt_tokens_details : {};
  const outDetails = isRecord(raw.completion_tokens_details) ? raw.completion_tokens_details : {};
  const cached = Math.min(prompt, num(details.cached_tokens) || num(raw.prompt_cache_hit_tokens));
  const reasoning = Math.min(completion, num(outDetails.reasoning_tokens));
  return {
    input: { noCache: prompt - cached, cacheRead: cached, cacheWrite: 0 },
    output: { text: completion - reasoning, reasoning },
  };
}

export function convertResponsesUsage(raw: unknown): Usage | null {
  if (!isRecord(raw)) return null;
  const input = num(raw.input_tokens);
  const output = num(raw.output_tokens);
  const cached = Math.min(input, num(isRecord(raw.input_tokens_details) ? raw.input_tokens_details.cached_tokens : 0));
  const reasoning = Math.min(output, num(isRecord(raw.output_tokens_details) ? raw.output_tokens_details.reasoning_tokens : 0));
  return {
    input: { noCache: input - cached, cacheRead: cached, cacheWrite: 0 },
    output: { text: output - reasoning, reasoning },
  };
}

export function convertEmbeddingsUsage(raw: unknown): Usage | null {
  if (!isRecord(raw)) return null;
  return { input: { noCache: num(raw.prompt_tokens) || num(raw.total_tokens), cacheRead: 0, cacheWrite: 0 }, output: { text: 0, reasoning: 0 } };
}

export function convertImagesUsage(json: unknown): Usage | null {
  if (!isRecord(json)) return null;
  const images = Array.isArray(json.data) ? json.data.length : 0;
  const usage = isRecord(json.usage) ? convertResponsesUsage(json.usage) : null;
  return { ...(usage ?? { input: { noCache: 0, cacheRead: 0, cacheWrite: 0 }, output: { text: 0, reasoning: 0 } }), images };
}

/** Canonical usage → the chat-completions usage object (for converted responses). */
export function toChatUsage(usage: Usage): Record<string, unknown> {
  const prompt = usage.input.noCache + usage.input.cacheRead + usage.input.cacheWrite;
  const completion = usage.output.text + usage.output.reasoning;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: usage.input.cacheRead },
    completion_tokens_details: { reasoning_tokens: usage.output.reasoning },
  };
}

/** Canonical usage → the Responses API usage object. */
export function toResponsesUsage(usage: Usage): Record<string, unknown> {
  const input = usage.input.noCache + usage.input.cacheRead + usage.input.cacheWrite;
  const output = usage.output.text + usage.output.reasoning;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.input.cacheRead },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.output.reasoning },
    total_tokens: input + output,
  };
}
