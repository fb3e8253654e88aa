/**
 * The Gemini adapter: generateContent / streamGenerateContent (alt=sse). The channel's base URL is the API root
 * (`https://generativelanguage.googleapis.com`); the key goes in x-goog-api-key.
 */
import type { Operation, ProviderAdapter } from "../types";
import { isRecord } from "../types";
import { convertGeminiUsage } from "./convert-gemini-usage";
import { parseGeminiError } from "./parse-gemini-error";
import { createGeminiStreamReader } from "./read-gemini-stream";

export const geminiAdapter: ProviderAdapter = {
  type: "gemini",
  operations: new Set<Operation>(["generate"]),
  buildRequest({ baseUrl, secret, operation, model, body, isStream }) {
    if (operation !== "generate") throw new Error(`gemini channels cannot serve ${operation}`);
    const method = isStream ? "streamGenerateContent?alt=sse" : "generateContent";
    return {
      url: `${baseUrl}/v1beta/models/${encodeURIComponent(model)}:${method}`,
      headers: { "x-goog-api-key": secret, "content-type": "application/json", accept: isStream ? "text/event-stream" : "application/json" },
      body,
    };
  },
  parseUsage(_operation, json) {
    return isRecord(json) ? convertGeminiUsage(json.usageMetadata) : null;
  },
  createStreamReader: () => createGeminiStreamReader(),
  parseError: parseGeminiError,
};
