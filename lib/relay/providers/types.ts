/**
 * The provider adapter contract: one shape for every upstream protocol. An adapter builds the upstream HTTP request,
 * reads usage from a response and from stream events, and reads an upstream error. It is pure (no I/O): the
 * pipeline does the sending, and protocol conversion lives in lib/relay/convert.
 */
import type { Usage } from "../../billing/usage";
import type { ChannelType } from "../../channels/types";
import type { SseEvent } from "../sse/sse-parser";

/** What is asked of the upstream. */
/** `generate`, `embed` and `predict` are Gemini's generateContent, batchEmbedContents and (Imagen) predict */
export type Operation = "chat" | "responses" | "embeddings" | "images" | "messages" | "count_tokens" | "generate" | "embed" | "predict";

/**
 * `method` defaults to POST (GET and DELETE only for stored Responses objects); `body` is bytes when the client's
 * bytes go up unchanged, so they are not decoded and encoded again on the way.
 */
export type UpstreamRequest = { url: string; headers: Record<string, string>; body: string | Buffer; method?: "GET" | "POST" | "DELETE" };

export type StreamReadResult = {
  /** output text this event carried (content, reasoning, tool arguments), for local counting */
  text?: string;
  /** the upstream reported an error inside the stream */
  error?: { message: string; type?: string };
};

/** Reads one upstream stream: usage as it is reported, and whether the terminal event arrived. */
export type StreamReader = {
  /**
   * Whether an event may carry usage, completion or an error and must be read now. The others only carry output
   * text: a passthrough forwards them without parsing and reads them later only if the text must be counted.
   */
  isSignificant(event: SseEvent): boolean;
  /**
   * Optional: strings one of which every significant event's wire text contains (a superset is fine). A passthrough
   * then looks for them in the raw bytes and decodes no other event until its text must be counted.
   */
  significantMarkers?: readonly string[];
  read(event: SseEvent, data: unknown): StreamReadResult;
  /** usage reported so far (null when the upstream reported none) */
  usage(): Usage | null;
  /** the upstream's terminal event was seen ([DONE], message_stop, response.completed, a Gemini finishReason) */
  isComplete(): boolean;
  /** Responses API streams: the response's id, once its terminal event was read */
  responseId?(): string | null;
};

export type UpstreamErrorInfo = { message: string; type?: string };

/** One page of an upstream account's model list, and the cursor of the next (null: the last). */
export type ModelListPage = { ids: string[]; next: string | null };

export type ProviderAdapter = {
  type: ChannelType;
  operations: ReadonlySet<Operation>;
  buildRequest(args: {
    baseUrl: string;
    secret: string;
    operation: Operation;
    model: string;
    body: string | Buffer;
    isStream: boolean;
    /** protocol headers from the client that go upstream untouched (anthropic-version, anthropic-beta) */
    passHeaders: Record<string, string>;
  }): UpstreamRequest;
  parseUsage(operation: Operation, json: unknown): Usage | null;
  createStreamReader(operation: Operation): StreamReader;
  parseError(args: { status: number; body: string }): UpstreamErrorInfo;
  /** The account's model list (lib/relay/list-upstream-models.ts): a page's request after `cursor`, and its reading (null: not this protocol's list). */
  listModels: {
    request(args: { baseUrl: string; secret: string; cursor: string | null }): UpstreamRequest;
    readPage(json: unknown): ModelListPage | null;
  };
};

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The ids of an OpenAI- or Anthropic-shaped model list's `data` (entries without a string id left out). */
export function listedIds(data: unknown[]): string[] {
  return data.flatMap((model) => (isRecord(model) && typeof model.id === "string" ? [model.id] : []));
}

export function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
