/**
 * The OpenAI adapter, also used by every OpenAI-compatible vendor (DeepSeek, Qwen, Kimi, OpenRouter, …): the channel's
 * base URL includes the version path (`https://api.openai.com/v1`, `https://api.deepseek.com/v1`), as in the SDK.
 */
import type { Operation, ProviderAdapter } from "../types";
import { isRecord, listedIds } from "../types";
import { convertChatUsage, convertEmbeddingsUsage, convertImagesUsage, convertResponsesUsage } from "./convert-openai-usage";
import { parseOpenAiError } from "./parse-openai-error";
import { createOpenAiStreamReader } from "./read-openai-stream";

const PATHS: Partial<Record<Operation, string>> = {
  chat: "/chat/completions",
  responses: "/responses",
  embeddings: "/embeddings",
  images: "/images/generations",
};

export const openAiAdapter: ProviderAdapter = {
  type: "openai",
  operations: new Set<Operation>(["chat", "responses", "embeddings", "images"]),
  buildRequest({ baseUrl, secret, operation, body, isStream }) {
    const path = PATHS[operation];
    if (!path) throw new Error(`openai channels cannot serve ${operation}`);
    return {
      url: baseUrl + path,
      headers: {
        authorization: `Bearer ${secret}`,
        "content-type": "application/json",
        accept: isStream ? "text/event-stream" : "application/json",
      },
      body,
    };
  },
  parseUsage(operation, json) {
    if (!isRecord(json)) return null;
    if (operation === "images") return convertImagesUsage(json);
    if (operation === "embeddings") return convertEmbeddingsUsage(json.usage);
    if (operation === "responses") return convertResponsesUsage(json.usage);
    return convertChatUsage(json.usage);
  },
  createStreamReader: createOpenAiStreamReader,
  parseError: parseOpenAiError,
  listModels: {
    // `GET {base}/models`: one page
    request: ({ baseUrl, secret }) => ({ url: `${baseUrl}/models`, headers: { authorization: `Bearer ${secret}`, accept: "application/json" }, body: "", method: "GET" }),
    readPage: (json) => (isRecord(json) && Array.isArray(json.data) ? { ids: listedIds(json.data), next: null } : null),
  },
};
