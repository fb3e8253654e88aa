/**
 * Gemini usageMetadata → canonical Usage. promptTokenCount includes cached content; candidatesTokenCount excludes
 * thinking, which is thoughtsTokenCount.
 */
import type { Usage } from "../../../billing/usage";
import { isRecord, num } from "../types";

export function convertGeminiUsage(raw: unknown): Usage | null {
  if (!isRecord(raw)) return null;
  const prompt = num(raw.promptTokenCount) + num(raw.toolUsePromptTokenCount);
  const cached = Math.min(prompt, num(raw.cachedContentTokenCount));
  return {
    input: { noCache: prompt - cached, cacheRead: cached, cacheWrite: 0 },
    output: { text: num(raw.candidatesTokenCount), reasoning: num(raw.thoughtsTokenCount) },
  };
}
