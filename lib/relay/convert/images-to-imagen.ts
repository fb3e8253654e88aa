/**
 * OpenAI image generation ⇄ Imagen `:predict` on the Gemini API (models such as imagen-4.0-generate-001). Chosen
 * over Gemini's image-capable generateContent because it maps one to one: a prompt, `n` images (sampleCount), an
 * aspect ratio, base64 images back, billed per image. `size` becomes the nearest aspect ratio Imagen offers. Imagen
 * returns image bytes only, so `response_format: "url"` and streaming are refused for these channels.
 */
import { AppError } from "../../errors";
import type { ImagenRequest, ImagenResponse } from "../providers/gemini/types";
import { nowSeconds } from "./types";

const ASPECT_RATIOS: [string, number][] = [
  ["1:1", 1],
  ["3:4", 3 / 4],
  ["4:3", 4 / 3],
  ["9:16", 9 / 16],
  ["16:9", 16 / 9],
];

function aspectRatio(size: unknown): string | undefined {
  const match = typeof size === "string" ? /^(\d+)x(\d+)$/.exec(size) : null;
  if (!match) return undefined;
  const ratio = Number(match[1]) / Number(match[2]);
  return ASPECT_RATIOS.reduce((best, candidate) => (Math.abs(Math.log(candidate[1] / ratio)) < Math.abs(Math.log(best[1] / ratio)) ? candidate : best))[0];
}

export function imagesToImagenRequest(body: Record<string, unknown>): ImagenRequest {
  if (body.stream === true) throw new AppError("bad_request", "Streamed image generation needs an OpenAI channel; this model's channels (Imagen) answer whole images: set stream to false", { param: "stream" });
  if (body.response_format === "url") throw new AppError("bad_request", "This model's channels (Imagen) return image data only: use response_format b64_json", { param: "response_format" });
  const ratio = aspectRatio(body.size);
  return {
    instances: [{ prompt: String(body.prompt) }],
    parameters: { sampleCount: typeof body.n === "number" ? body.n : 1, ...(ratio ? { aspectRatio: ratio } : {}) },
  };
}

/** The predictions of an Imagen answer that carry an image. */
function imagenImages(json: unknown): { bytesBase64Encoded: string }[] {
  const predictions = (json as ImagenResponse | null)?.predictions;
  return Array.isArray(predictions) ? (predictions.filter((p) => typeof p?.bytesBase64Encoded === "string") as { bytesBase64Encoded: string }[]) : [];
}

export function imagenToImagesResponse(json: ImagenResponse): Record<string, unknown> {
  return { created: nowSeconds(), data: imagenImages(json).map((p) => ({ b64_json: p.bytesBase64Encoded })) };
}

/** Images an Imagen answer holds (what the request is billed for). */
export function imagenImageCount(json: unknown): number {
  return imagenImages(json).length;
}
