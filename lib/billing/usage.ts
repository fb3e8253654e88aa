/**
 * The canonical usage of one request, whatever protocol reported it (see lib/relay/providers/*\/usage.ts).
 * Input is split by cache status, output by kind, so each is priced at its own rate.
 */
export type Usage = {
  /**
   * cacheWrite1h: of cacheWrite, the tokens written for Anthropic's 1-hour cache (`cache_control.ttl: "1h"`), which
   * cost twice the input price where the 5-minute writes cost the model's cache-write price
   */
  input: { noCache: number; cacheRead: number; cacheWrite: number; cacheWrite1h?: number };
  output: { text: number; reasoning: number };
  /** images generated (image models) */
  images?: number;
};

/** The `cacheWrite1h` part of a Usage's input: present only when there are some. */
export function hourWritesPart(tokens: number | null | undefined): { cacheWrite1h: number } | Record<string, never> {
  return tokens ? { cacheWrite1h: tokens } : {};
}

export const EMPTY_USAGE: Usage = { input: { noCache: 0, cacheRead: 0, cacheWrite: 0 }, output: { text: 0, reasoning: 0 } };

export function totalInput(usage: Usage): number {
  return usage.input.noCache + usage.input.cacheRead + usage.input.cacheWrite;
}

export function totalOutput(usage: Usage): number {
  return usage.output.text + usage.output.reasoning;
}
