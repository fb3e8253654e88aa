/**
 * The fake upstream's Gemini protocol: generateContent and streamGenerateContent?alt=sse (CRLF-separated events,
 * cumulative usageMetadata in every chunk, finishReason on the last), thought parts and functionCall parts.
 */
import type { ServerResponse } from "node:http";
import { writeSse, type SseFrame } from "./sse-writer";
import { type FakeBehavior, fakeId, resolved } from "./upstream-types";

export async function geminiGenerate({ model, isStream, behavior, res }: { model: string; isStream: boolean; behavior: FakeBehavior; res: ServerResponse }): Promise<void> {
  const r = resolved(behavior);
  const responseId = fakeId("");
  const tool = behavior.toolCall;
  const usage = (candidates: number) => ({
    promptTokenCount: r.inputTokens + r.cacheRead,
    candidatesTokenCount: candidates,
    totalTokenCount: r.inputTokens + r.cacheRead + candidates + r.reasoningTokens,
    ...(r.cacheRead ? { cachedContentTokenCount: r.cacheRead } : {}),
    ...(r.reasoningTokens ? { thoughtsTokenCount: r.reasoningTokens } : {}),
  });
  const candidateTokens = r.outputTokens - r.reasoningTokens;
  if (!isStream) {
    const parts: Record<string, unknown>[] = [];
    if (behavior.reasoning) parts.push({ text: behavior.reasoning, thought: true });
    parts.push({ text: r.text });
    if (tool) parts.push({ functionCall: { name: tool.name, args: tool.arguments } });
    res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
    res.end(JSON.stringify({ candidates: [{ content: { parts, role: "model" }, finishReason: "STOP", index: 0 }], usageMetadata: usage(candidateTokens), modelVersion: model, responseId }));
    return;
  }
  const frames: SseFrame[] = [];
  const chunk = (parts: Record<string, unknown>[], soFar: number, finish?: string): SseFrame => ({
    data: { candidates: [{ content: { parts, role: "model" }, ...(finish ? { finishReason: finish } : {}), index: 0 }], ...(behavior.omitUsage ? {} : { usageMetadata: usage(soFar) }), modelVersion: model, responseId },
    isContent: !finish,
    crlf: true,
  });
  if (behavior.reasoning) frames.push(chunk([{ text: behavior.reasoning, thought: true }], 0));
  r.pieces.forEach((piece, i) => frames.push(chunk([{ text: piece }], i + 1)));
  if (tool) frames.push(chunk([{ functionCall: { name: tool.name, args: tool.arguments } }], candidateTokens));
  frames.push(chunk([{ text: "" }], candidateTokens, "STOP"));
  await writeSse(res, frames, behavior);
}
