/**
 * The usage a request is billed for. The upstream's own report wins when the request completed; a stream that was
 * cut, abandoned or never reported usage is billed for what was actually delivered: the upstream's partial report
 * where it has one (Anthropic reports input at the start), else the prompt counted locally, plus the output tokens
 * counted locally from the delivered text — and flagged as estimated.
 */
import type { Usage } from "../billing/usage";

export function finalUsage({
  reported,
  isComplete,
  promptTokens,
  countDelivered,
}: {
  reported: Usage | null;
  isComplete: boolean;
  promptTokens: number;
  /** output tokens delivered, counted locally — only called when the upstream's report is missing or partial */
  countDelivered: () => number;
}): { usage: Usage; isEstimated: boolean } {
  if (reported && isComplete) return { usage: reported, isEstimated: false };
  const reportedInput = reported ? reported.input.noCache + reported.input.cacheRead + reported.input.cacheWrite : 0;
  const input = reported && reportedInput > 0 ? reported.input : { noCache: promptTokens, cacheRead: 0, cacheWrite: 0 };
  const reportedOutput = reported ? reported.output.text + reported.output.reasoning : 0;
  const reasoning = reported?.output.reasoning ?? 0;
  const total = Math.max(reportedOutput, countDelivered());
  return { usage: { input, output: { text: total - reasoning, reasoning }, ...(reported?.images ? { images: reported.images } : {}) }, isEstimated: true };
}
