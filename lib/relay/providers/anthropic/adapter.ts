/**
 * The Anthropic adapter: Messages and count_tokens. The channel's base URL is the API root
 * (`https://api.anthropic.com`), as in the SDK. anthropic-version and anthropic-beta from the client pass through.
 */
import type { Operation, ProviderAdapter } from "../types";
import { isRecord, listedIds } from "../types";
import { convertAnthropicUsage } from "./convert-anthropic-usage";
import { parseAnthropicError } from "./parse-anthropic-error";
import { createAnthropicStreamReader } from "./read-anthropic-stream";

export const ANTHROPIC_VERSION = "2023-06-01";
/** the largest page of the model list */
const MODEL_PAGE = 1_000;

export const anthropicAdapter: ProviderAdapter = {
  type: "anthropic",
  operations: new Set<Operation>(["messages", "count_tokens"]),
  buildRequest({ baseUrl, secret, operation, body, isStream, passHeaders }) {
    if (operation !== "messages" && operation !== "count_tokens") throw new Error(`anthropic channels cannot serve ${operation}`);
    const headers: Record<string, string> = {
      "x-api-key": secret,
      "content-type": "application/json",
      accept: isStream ? "text/event-stream" : "application/json",
      "anthropic-version": passHeaders["anthropic-version"] ?? ANTHROPIC_VERSION,
    };
    if (passHeaders["anthropic-beta"]) headers["anthropic-beta"] = passHeaders["anthropic-beta"];
    return { url: `${baseUrl}/v1/messages${operation === "count_tokens" ? "/count_tokens" : ""}`, headers, body };
  },
  parseUsage(operation, json) {
    if (operation === "count_tokens" || !isRecord(json)) return null;
    return convertAnthropicUsage(json.usage);
  },
  createStreamReader: () => createAnthropicStreamReader(),
  parseError: parseAnthropicError,
  listModels: {
    // `GET {base}/v1/models`, in pages followed by `after_id`
    request: ({ baseUrl, secret, cursor }) => ({
      url: `${baseUrl}/v1/models?limit=${MODEL_PAGE}${cursor ? `&after_id=${encodeURIComponent(cursor)}` : ""}`,
      headers: { "x-api-key": secret, "anthropic-version": ANTHROPIC_VERSION, accept: "application/json" },
      body: "",
      method: "GET",
    }),
    readPage: (json) =>
      isRecord(json) && Array.isArray(json.data) ? { ids: listedIds(json.data), next: json.has_more === true && typeof json.last_id === "string" ? json.last_id : null } : null,
  },
};
