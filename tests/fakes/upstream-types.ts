/**
 * Knobs of the fake upstream, set per server (setBehavior), per next requests (queue), or per request with an
 * `x-fake-behavior` JSON header (for direct calls).
 */
export type FakeBehavior = {
  /** delay before the response headers */
  latencyMs?: number;
  /** delay between stream chunks */
  chunkDelayMs?: number;
  /** text deltas in a stream (the text is split into this many pieces); also the reported output tokens */
  chunks?: number;
  /** the text the model "writes" */
  text?: string;
  /** answer with this HTTP error status instead */
  status?: number;
  retryAfterSeconds?: number;
  /** never answer (the connection stays open) */
  hang?: boolean;
  /** stream: stop after this many content chunks */
  cutAfterChunks?: number;
  /** send the response headers, then drop the connection before any body byte */
  cutBeforeBody?: boolean;
  /** how a cut happens: destroy the socket mid-body, or end the body cleanly without the terminal event */
  cutMode?: "destroy" | "end";
  /** stream: report no usage at all */
  omitUsage?: boolean;
  /** answer with a tool call instead of (after) text */
  toolCall?: { name: string; arguments: Record<string, unknown> };
  /** reasoning / thinking text before the answer */
  reasoning?: string;
  /** Anthropic: a second thinking block, between the text and the tool call (interleaved thinking) */
  thinkingBeforeTool?: string;
  /** reported input tokens (default 12), cache reads and writes */
  inputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  /** Anthropic: of the cache writes, those for the 1-hour cache (reported apart in usage.cache_creation) */
  cacheWrite1hTokens?: number;
  /** an error event inside a stream after this many chunks (Anthropic overloaded_error, OpenAI error chunk) */
  errorEventAfterChunks?: number;
  /** the model ids the list endpoints answer with (upstream-models.ts), and pages smaller than asked */
  models?: string[];
  modelPageSize?: number;
};

export type RecordedRequest = { method: string; path: string; headers: Record<string, string | string[] | undefined>; body: unknown };

/** 1×1 transparent PNG (base64): every fake image */
export const FAKE_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

export const DEFAULT_TEXT = "Hello from the fake upstream, nice to meet you.";
export const DEFAULT_INPUT_TOKENS = 12;

export function resolved(behavior: FakeBehavior) {
  const chunks = Math.max(1, behavior.chunks ?? 5);
  const text = behavior.text ?? DEFAULT_TEXT;
  const size = Math.ceil(text.length / chunks);
  const pieces: string[] = [];
  for (let i = 0; i < chunks; i++) pieces.push(text.slice(i * size, (i + 1) * size) || ".");
  return {
    pieces,
    text: pieces.join(""),
    inputTokens: behavior.inputTokens ?? DEFAULT_INPUT_TOKENS,
    outputTokens: chunks + (behavior.reasoning ? 3 : 0) + (behavior.toolCall ? 5 : 0),
    reasoningTokens: behavior.reasoning ? 3 : 0,
    cacheRead: behavior.cacheReadTokens ?? 0,
    cacheWrite: behavior.cacheWriteTokens ?? 0,
  };
}

export function fakeId(prefix: string): string {
  return `${prefix}${Math.random().toString(36).slice(2, 14)}`;
}
