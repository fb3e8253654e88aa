/**
 * OpenAI embeddings ⇄ Gemini batchEmbedContents. Every input string becomes one request of the batch (the one call
 * serves a single input too); `dimensions` becomes outputDimensionality. Gemini takes text only: token-array
 * inputs are refused. Gemini reports no token usage for embeddings (unless a usageMetadata is present): the
 * response's usage is the input counted locally with the relay's tokenizer, and the request log marks it estimated.
 */
import { AppError } from "../../errors";
import type { GeminiEmbedRequest, GeminiEmbedResponse } from "../providers/gemini/types";
import { isRecord, num } from "../providers/types";

function textInputs(input: unknown): string[] {
  if (typeof input === "string") return [input];
  if (Array.isArray(input) && input.every((item) => typeof item === "string")) return input as string[];
  throw new AppError("bad_request", "This model's channels (Gemini) embed text only: send input as a string or an array of strings", { param: "input" });
}

export function embeddingsToGeminiRequest(body: Record<string, unknown>, { model }: { model: string }): GeminiEmbedRequest {
  const dimensions = typeof body.dimensions === "number" ? body.dimensions : undefined;
  return {
    requests: textInputs(body.input).map((text) => ({
      model: `models/${model}`,
      content: { parts: [{ text }] },
      ...(dimensions ? { outputDimensionality: dimensions } : {}),
    })),
  };
}

/** The input tokens a batchEmbedContents answer reports (0: none, which is usual). */
export function geminiEmbedTokens(json: unknown): number {
  return isRecord(json) && isRecord(json.usageMetadata) ? num(json.usageMetadata.promptTokenCount) : 0;
}

/** float32 little-endian bytes, base64: what OpenAI sends for encoding_format "base64" (the SDK's default). */
function toBase64(values: number[]): string {
  return Buffer.from(new Float32Array(values).buffer).toString("base64");
}

export function geminiToEmbeddingsResponse(json: GeminiEmbedResponse, { model, encodingFormat, localTokens }: { model: string; encodingFormat: unknown; localTokens: number }): Record<string, unknown> {
  const embeddings = Array.isArray(json.embeddings) ? json.embeddings : [];
  const tokens = geminiEmbedTokens(json) || localTokens;
  return {
    object: "list",
    data: embeddings.map((embedding, index) => {
      const values = Array.isArray(embedding.values) ? embedding.values : [];
      return { object: "embedding", index, embedding: encodingFormat === "base64" ? toBase64(values) : values };
    }),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
