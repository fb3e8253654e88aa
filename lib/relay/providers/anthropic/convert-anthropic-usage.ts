/**
 * Anthropic usage → canonical Usage. input_tokens excludes cache reads and writes, which come separately (writes for
 * the 1-hour cache also apart, in `cache_creation`, priced higher); thinking tokens are inside output_tokens
 * (Anthropic does not split them).
 */
import { hourWritesPart, type Usage } from "../../../billing/usage";
import { isRecord, num } from "../types";

/** Of the cache writes, those for the 1-hour cache (`usage.cache_creation.ephemeral_1h_input_tokens`); null when not reported. */
export function oneHourWrites(raw: Record<string, unknown>): number | null {
  return isRecord(raw.cache_creation) ? num(raw.cache_creation.ephemeral_1h_input_tokens) : null;
}

export function convertAnthropicUsage(raw: unknown): Usage | null {
  if (!isRecord(raw)) return null;
  return {
    input: { noCache: num(raw.input_tokens), cacheRead: num(raw.cache_read_input_tokens), cacheWrite: num(raw.cache_creation_input_tokens), ...hourWritesPart(oneHourWrites(raw)) },
    output: { text: num(raw.output_tokens), reasoning: 0 },
  };
}

/** Canonical usage → the Anthropic usage object (for converted responses). */
export function toAnthropicUsage(usage: Usage): Record<string, number> {
  return {
    input_tokens: usage.input.noCache,
    cache_creation_input_tokens: usage.input.cacheWrite,
    cache_read_input_tokens: usage.input.cacheRead,
    output_tokens: usage.output.text + usage.output.reasoning,
  };
}
