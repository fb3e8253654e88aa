/**
 * An OpenAI-style effort (`reasoning_effort`, Responses' `reasoning.effort`, or Anthropic's thinking read as one:
 * none, minimal, low, medium, high, xhigh) as a Gemini model's `generationConfig.thinkingConfig`, by the model's name.
 * Gemini 3 takes a `thinkingLevel` (Pro: low and high; Flash and Flash-Lite: minimal, low, medium and high); Gemini 2.5
 * a `thinkingBudget` in tokens (Pro 128–32,768 and never 0; Flash 0–24,576; Flash-Lite 0 or 512–24,576) — the same
 * budgets Google's own OpenAI-compatible endpoint gives low, medium and high (1,024, 8,192, 24,576). Both at once is a
 * 400, so only one is sent. Thinking on asks for the thought summaries too (`includeThoughts`), which come back as
 * `reasoning_content`. Other models (Gemini 2.0 and older, Gemma, names this does not know) get nothing.
 */

export type GeminiThinkingConfig = { thinkingLevel?: string; thinkingBudget?: number; includeThoughts?: boolean };

const NAME = /^(?:models\/)?gemini-(\d+(?:\.\d+)?)-(pro|flash-lite|flash)(?:-|$)/;

const BUDGETS: Record<string, number> = { low: 1_024, medium: 8_192, high: 24_576, xhigh: 32_768, max: 32_768 };

export function geminiThinkingConfig(model: string, effort: string): GeminiThinkingConfig | null {
  const match = NAME.exec(model.toLowerCase());
  if (!match) return null;
  const version = Number(match[1]);
  const variant = match[2];
  const isOff = effort === "none" || effort === "minimal";
  if (!isOff && !Object.hasOwn(BUDGETS, effort)) return null;
  if (version >= 3) {
    if (variant === "pro") return { thinkingLevel: isOff || effort === "low" ? "low" : "high", includeThoughts: !isOff };
    const level = isOff ? "minimal" : effort === "low" || effort === "medium" ? effort : "high";
    return { thinkingLevel: level, includeThoughts: !isOff };
  }
  if (version < 2.5) return null;
  if (variant === "pro") return isOff ? { thinkingBudget: 128 } : { thinkingBudget: BUDGETS[effort], includeThoughts: true };
  if (isOff) return { thinkingBudget: 0 };
  return { thinkingBudget: Math.min(BUDGETS[effort], 24_576), includeThoughts: true };
}
