/**
 * Shared shapes for protocol conversion: a stream converter turns one upstream event (already JSON-parsed) into the
 * client's events, and flushes what it held back when the upstream finished cleanly.
 */
import { randomBytes } from "node:crypto";
import type { Usage } from "../../billing/usage";
import { toChatUsage } from "../providers/openai/convert-openai-usage";
import type { ChatContentPart, ChatRequest } from "../providers/openai/types";

/** One event in the client's protocol; `data` is serialized as JSON unless it is the string "[DONE]". */
export type ProtocolEvent = { event?: string; data: unknown };

export type EventConverter = {
  push(event: string | undefined, data: unknown): ProtocolEvent[];
  /** the upstream finished cleanly: emit the closing events */
  end(): ProtocolEvent[];
};

/** Chain converters: upstream → intermediate → client. */
export function chainConverters(first: EventConverter, second: EventConverter): EventConverter {
  const forward = (events: ProtocolEvent[]) => events.flatMap((e) => second.push(e.event, e.data));
  return {
    push: (event, data) => forward(first.push(event, data)),
    end: () => [...forward(first.end()), ...second.end()],
  };
}

export function randomId(prefix: string): string {
  return `${prefix}${randomBytes(12).toString("hex")}`;
}

/**
 * The id of a converted response's output item: its kind's prefix, the response id's random part and the item's
 * output index (`msg_<hex>_0`), so an item_reference to it names the stored response that holds the item
 * (response-store-continue.ts). Native OpenAI ids never have this shape.
 */
export function outputItemId(prefix: string, responseId: string, outputIndex: number): string {
  return `${prefix}${responseId.slice(responseId.indexOf("_") + 1)}_${outputIndex}`;
}

/** The response id an outputItemId names, or null for any other id. */
export function responseIdOfItem(itemId: string): string | null {
  const match = /^[a-z]+_([0-9a-f]{24})_\d{1,4}$/.exec(itemId);
  return match ? `resp_${match[1]}` : null;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** JSON.parse that never throws (tool arguments from a model are not always valid JSON). */
export function parseJsonObject(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return {};
  }
}

/** "data:image/png;base64,AAAA" → its parts; undefined for a plain URL. */
export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s.exec(url);
  return match ? { mediaType: match[1], data: match[2] } : undefined;
}

/** The schema of a chat `response_format: { type: "json_schema", json_schema: { name, schema, strict } }`, or null. */
export function jsonSchemaOf(format: ChatRequest["response_format"]): Record<string, unknown> | null {
  if (format?.type !== "json_schema") return null;
  const spec = format.json_schema as { schema?: unknown } | undefined;
  const schema = spec?.schema;
  return typeof schema === "object" && schema !== null && !Array.isArray(schema) ? (schema as Record<string, unknown>) : null;
}

/** The text of a chat message's content (its text parts joined; images and other parts left out). */
export function chatText(content: string | ChatContentPart[] | null | undefined): string {
  if (!content) return "";
  if (typeof content === "string") return content;
  return content.map((part) => (part.type === "text" && typeof part.text === "string" ? part.text : "")).join("");
}

/**
 * The last events of a chat stream the relay writes (one choice): the chunk with the finish reason, the usage chunk
 * when `usage` is given (the client asked with stream_options.include_usage), then [DONE].
 */
export function chatStreamEnd({ id, created, model, finishReason, usage }: { id: string; created: number; model: string; finishReason: string | null; usage: Usage | null }): ProtocolEvent[] {
  const events: ProtocolEvent[] = [{ data: { id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta: {}, finish_reason: finishReason, logprobs: null }] } }];
  if (usage) events.push({ data: { id, object: "chat.completion.chunk", created, model, choices: [], usage: toChatUsage(usage) } });
  events.push({ data: "[DONE]" });
  return events;
}
