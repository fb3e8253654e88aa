/**
 * The Gemini adapter: generateContent / streamGenerateContent (alt=sse), batchEmbedContents (embeddings) and Imagen
 * predict (image generation). The channel's base URL is the API root (`https://generativelanguage.googleapis.com`);
 * the key goes in x-goog-api-key.
 */
import type { Operation, ProviderAdapter } from "../types";
import { EMPTY_USAGE } from "../../../billing/usage";
import { geminiEmbedTokens } from "../../convert/embeddings-to-gemini";
import { imagenImageCount } from "../../convert/images-to-imagen";
import { isRecord } from "../types";
import { convertGeminiUsage } from "./convert-gemini-usage";
import { parseGeminiError } from "./parse-gemini-error";
import { createGeminiStreamReader } from "./read-gemini-stream";

const METHODS: Partial<Record<Operation, (isStream: boolean) => string>> = {
  generate: (isStream) => (isStream ? "streamGenerateContent?alt=sse" : "generateContent"),
  embed: () => "batchEmbedContents",
  predict: () => "predict",
};

export const geminiAdapter: ProviderAdapter = {
  type: "gemini",
  operations: new Set<Operation>(["generate", "embed", "predict"]),
  buildRequest({ baseUrl, secret, operation, model, body, isStream }) {
    const method = METHODS[operation]?.(isStream);
    if (!method) throw new Error(`gemini channels cannot serve ${operation}`);
    return {
      url: `${baseUrl}/v1beta/models/${encodeURIComponent(model)}:${method}`,
      headers: { "x-goog-api-key": secret, "content-type": "application/json", accept: isStream ? "text/event-stream" : "application/json" },
      body,
    };
  },
  parseUsage(operation, json) {
    if (!isRecord(json)) return null;
    if (operation === "predict") return { ...EMPTY_USAGE, images: imagenImageCount(json) };
    // embeddings: Gemini usually reports no usage; null makes the pipeline count the input locally (flagged estimated)
    if (operation === "embed") {
      const tokens = geminiEmbedTokens(json);
      return tokens > 0 ? { ...EMPTY_USAGE, input: { ...EMPTY_USAGE.input, noCache: tokens } } : null;
    }
    return convertGeminiUsage(json.usageMetadata);
  },
  createStreamReader: () => createGeminiStreamReader(),
  parseError: parseGeminiError,
};
