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

/** the largest page of the model list */
const MODEL_PAGE = 1_000;
/** the generation methods a channel can serve (chat, embeddings, Imagen): models with none of them are not listed */
const SERVABLE_METHODS = new Set(["generateContent", "embedContent", "predict"]);

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
  listModels: {
    // `GET {base}/v1beta/models`, in pages followed by `pageToken`; ids without their `models/` prefix
    request: ({ baseUrl, secret, cursor }) => ({
      url: `${baseUrl}/v1beta/models?pageSize=${MODEL_PAGE}${cursor ? `&pageToken=${encodeURIComponent(cursor)}` : ""}`,
      headers: { "x-goog-api-key": secret, accept: "application/json" },
      body: "",
      method: "GET",
    }),
    readPage(json) {
      if (!isRecord(json) || (json.models !== undefined && !Array.isArray(json.models))) return null;
      const ids = ((json.models ?? []) as unknown[]).flatMap((model) => {
        if (!isRecord(model) || typeof model.name !== "string") return [];
        const methods = Array.isArray(model.supportedGenerationMethods) ? model.supportedGenerationMethods : [];
        return methods.some((method) => SERVABLE_METHODS.has(String(method))) ? [model.name.replace(/^models\//, "")] : [];
      });
      return { ids, next: typeof json.nextPageToken === "string" && json.nextPageToken ? json.nextPageToken : null };
    },
  },
};
