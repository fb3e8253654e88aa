/**
 * The fake upstream's model lists, in each provider's shape: OpenAI `GET /v1/models` (one page), Anthropic
 * `GET /v1/models` with `anthropic-version` (pages: `limit`, `after_id`, `has_more`, `last_id`) and Gemini
 * `GET /v1beta/models` (pages: `pageSize`, `pageToken`, `nextPageToken`; each model with its generation methods).
 * Knobs: `models` (the ids listed) and `modelPageSize` (pages smaller than asked, to exercise paging).
 */
import type { ServerResponse } from "node:http";
import type { FakeBehavior } from "./upstream-types";

const DEFAULTS = {
  openai: ["gpt-4o", "gpt-4o-mini", "gpt-image-1", "text-embedding-3-small", "whisper-1"],
  anthropic: ["claude-haiku-4-5-20251001", "claude-opus-4-1-20250805", "claude-sonnet-4-5-20250929"],
  gemini: ["gemini-2.5-flash", "gemini-2.5-pro", "text-embedding-004"],
};

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** The page of `ids` after `cursor` (an id, or an index for Gemini's opaque tokens). */
function page(ids: string[], { after, size }: { after: number; size: number }): { items: string[]; hasMore: boolean } {
  const items = ids.slice(after, after + size);
  return { items, hasMore: after + size < ids.length };
}

export function listModels({ url, isAnthropic, behavior, res }: { url: URL; isAnthropic: boolean; behavior: FakeBehavior; res: ServerResponse }): void {
  if (!isAnthropic) {
    const ids = behavior.models ?? DEFAULTS.openai;
    return json(res, { object: "list", data: ids.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "fake" })) });
  }
  const ids = behavior.models ?? DEFAULTS.anthropic;
  const size = Math.min(Number(url.searchParams.get("limit") ?? 20), behavior.modelPageSize ?? Infinity);
  const afterId = url.searchParams.get("after_id");
  const { items, hasMore } = page(ids, { after: afterId ? ids.indexOf(afterId) + 1 : 0, size });
  json(res, {
    data: items.map((id) => ({ type: "model", id, display_name: id, created_at: "2025-09-29T00:00:00Z" })),
    has_more: hasMore,
    first_id: items[0] ?? null,
    last_id: items.at(-1) ?? null,
  });
}

export function listGeminiModels({ url, behavior, res }: { url: URL; behavior: FakeBehavior; res: ServerResponse }): void {
  const ids = behavior.models ?? DEFAULTS.gemini;
  const size = Math.min(Number(url.searchParams.get("pageSize") ?? 50), behavior.modelPageSize ?? Infinity);
  const after = Number(url.searchParams.get("pageToken") ?? 0);
  const { items, hasMore } = page(ids, { after, size });
  const models = items.map((id) => ({
    name: `models/${id}`,
    displayName: id,
    supportedGenerationMethods: id.includes("embedding") ? ["embedContent", "batchEmbedContents"] : ["generateContent", "countTokens"],
  }));
  // a model no channel can serve (it only answers questions about passages): the relay leaves it out
  if (after === 0) models.push({ name: "models/aqa", displayName: "AQA", supportedGenerationMethods: ["generateAnswer"] });
  json(res, { models, ...(hasMore ? { nextPageToken: String(after + size) } : {}) });
}
