/**
 * The Anthropic adapter: Messages and count_tokens. The channel's base URL is the API root
 * (`https://api.anthropic.com`), as in the SDK. anthropic-version and anthropic-beta from the client pass through.
 */
import type { Operation, ProviderAdapter } from "../types";
import { isRecord } from "../types";
import { convertAnthropicUsage } from "./convert-anthropic-usage";
import { parseAnthropicError } from "./parse-anthropic-error";
import { createAnthropicStreamReader } from "./read-anthropic-stream";

export const ANTHROPIC_VERSION = "2023-06-01";

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
};
