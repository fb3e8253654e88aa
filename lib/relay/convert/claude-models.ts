/**
 * What a Claude model takes of the parameters an OpenAI-protocol request carries, by its name — for requests the
 * relay converts to Anthropic's Messages API (chat completions and Responses served by an Anthropic channel).
 * A client of those protocols writes for the model it names, not for the one a channel maps it to, and Claude's
 * generations refuse different things with a 400 (Anthropic's migration guide; Claude Code's own model table):
 * - from Opus 4.7 on (every 5.x model too), `temperature`, `top_p` and `top_k` are refused at any value;
 * - Claude 4.0–4.6 refuse `temperature` and `top_p` together;
 * - thinking: Claude 3.7 and 4.0–4.5 (Haiku 4.5 included) take `{type: "enabled", budget_tokens}`; from 4.6 on
 *   `{type: "adaptive"}` with `output_config.effort` (low/medium/high; xhigh and max from Opus 4.7) — the budget form
 *   is a 400 from Opus 4.7 on, whose thinking text is also omitted unless `display: "summarized"` asks for it;
 * - from 5 on thinking is on unless turned off (`{type: "disabled"}`, at an effort no higher than high), and Fable and
 *   Mythos cannot turn it off at all — which matters to a forced tool, which thinking refuses.
 * - from 4.6 on a conversation may not end with an assistant turn (prefill: "The conversation must end with a user
 *   message"); the turn stays as history and a user turn asks for its continuation (continueAfterAssistant).
 * Names are read the ways operators write them: dated snapshots (claude-sonnet-4-20250514), Bedrock and Vertex
 * forms (anthropic.claude-opus-4-1-20250805-v1:0, claude-opus-4-1@20250805), and the legacy claude-3-7-sonnet order.
 * A name that is not a Claude model's (an Anthropic-compatible vendor's own models, a test name) gets no rules.
 */
import type { AnthropicMessage, AnthropicRequest } from "../providers/anthropic/types";

export type ClaudeTraits = {
  /** the generation as a number: 3.7, 4, 4.5, 4.6, 4.7, 5 … */
  version: number;
  /** temperature, top_p and top_k refused at any value (Opus 4.7 and later) */
  refusesSampling: boolean;
  /** temperature and top_p refused together (Claude 4.0–4.6) */
  refusesTemperatureWithTopP: boolean;
  /** how thinking is switched on, or null when the model has none */
  thinking: "adaptive" | "budget" | null;
  /** `output_config.effort` values the model takes (empty: it takes no effort) */
  efforts: readonly string[];
  /** thinking text comes back only when `display: "summarized"` asks for it (Opus 4.7 and later) */
  omitsThinkingText: boolean;
  /** thinking is on when the request says nothing of it (5 and later) */
  thinksByDefault: boolean;
  /** `thinking: {type: "disabled"}` is taken (not by Fable and Mythos, which always think) */
  canTurnThinkingOff: boolean;
  /** a conversation ending with an assistant turn (a prefill) is refused (4.6 and later) */
  refusesPrefill: boolean;
  /**
   * preserved thinking (Fable and Mythos 5.1 on, the 5.5 models): a thinking block sent back counts only while
   * nothing before it changed — `system` and `tools` included (else a 400) — and `role: "system"` messages in the
   * conversation carry instructions that come later
   */
  preservesThinking: boolean;
};

const FAMILY_FIRST = /^claude-(opus|sonnet|haiku|fable|mythos)-(\d+)(?:[.-](\d))?$/;
const LEGACY = /^claude-(\d)(?:[.-](\d))?-(opus|sonnet|haiku)$/;
const EFFORTS = ["low", "medium", "high"] as const;
const EFFORTS_FROM_4_7 = ["low", "medium", "high", "xhigh", "max"] as const;

/** The model's family and version, or null when the name is not a Claude model's. */
function parseClaude(model: string): { family: string; version: number } | null {
  const name = model
    .toLowerCase()
    // a provider's prefix: "anthropic.", "us.anthropic.", "anthropic/"
    .replace(/^.*?(?=claude-)/, "")
    // a snapshot's date, a Bedrock version, "-latest"
    .replace(/(?:-v\d+(?::\d+)?|@\d{8}|-\d{8}|-latest)+$/, "");
  const familyFirst = FAMILY_FIRST.exec(name);
  if (familyFirst) return { family: familyFirst[1], version: Number(familyFirst[2]) + Number(familyFirst[3] ?? 0) / 10 };
  const legacy = LEGACY.exec(name);
  return legacy ? { family: legacy[3], version: Number(legacy[1]) + Number(legacy[2] ?? 0) / 10 } : null;
}

/** The model's version, or null when the name is not a Claude model's. */
export function claudeVersion(model: string): number | null {
  return parseClaude(model)?.version ?? null;
}

export function claudeTraits(model: string): ClaudeTraits | null {
  const parsed = parseClaude(model);
  if (parsed === null) return null;
  const { family, version } = parsed;
  const isFrom4_7 = version >= 4.7;
  return {
    version,
    refusesSampling: isFrom4_7,
    refusesTemperatureWithTopP: version >= 4 && !isFrom4_7,
    thinking: version >= 4.6 ? "adaptive" : version >= 3.7 ? "budget" : null,
    efforts: isFrom4_7 ? EFFORTS_FROM_4_7 : version >= 4.6 ? EFFORTS : [],
    omitsThinkingText: isFrom4_7,
    thinksByDefault: version >= 5,
    canTurnThinkingOff: family !== "fable" && family !== "mythos",
    refusesPrefill: version >= 4.6,
    preservesThinking: version >= 5.1,
  };
}

/** The effort the model takes for the one asked: the same, or high for xhigh and max where it has neither; else null. */
function takenEffort(traits: ClaudeTraits, effort: string): string | null {
  if (traits.efforts.includes(effort)) return effort;
  return (effort === "xhigh" || effort === "max") && traits.efforts.includes("high") ? "high" : null;
}

/** The effort an extended-thinking budget stands for: up to 4k tokens low, up to 16k medium, more high. */
export function effortOfBudget(budgetTokens: number): "low" | "medium" | "high" {
  return budgetTokens <= 4_096 ? "low" : budgetTokens <= 16_384 ? "medium" : "high";
}

/** Adaptive thinking as the model takes it: asking for the summarized text where it is otherwise omitted. */
function adaptiveThinking(traits: ClaudeTraits): { type: "adaptive"; display?: "summarized" } {
  return traits.omitsThinkingText ? { type: "adaptive", display: "summarized" } : { type: "adaptive" };
}

/** Thinking budgets by effort for the models that take a budget (a budget leaves at least 1,024 tokens to the answer). */
const BUDGETS: Record<string, number> = { low: 2_048, medium: 8_192, high: 24_576, xhigh: 32_000, max: 32_000 };
const MIN_BUDGET = 1_024;

export type ThinkingPlan = {
  thinking?: { type: "adaptive"; display?: "summarized" } | { type: "enabled"; budget_tokens: number };
  effort?: string;
};

/**
 * The thinking and effort an OpenAI-style effort (`reasoning_effort`, Responses' `reasoning.effort`: none, minimal,
 * low, medium, high, xhigh) asks of a Claude model. `canThink`: whether the request may switch thinking on at all
 * (not when it forces a tool, nor in the middle of a tool loop: the assistant turn the client sends back cannot carry
 * the thinking block and signature Anthropic then requires). None and minimal ask for no thinking (low effort where
 * the model takes an effort); an effort the model does not take becomes the nearest one it does.
 */
export function thinkingFor(traits: ClaudeTraits, effort: string, { maxTokens, canThink }: { maxTokens: number; canThink: boolean }): ThinkingPlan {
  const isOff = effort === "none" || effort === "minimal";
  const plan: ThinkingPlan = {};
  const taken = takenEffort(traits, isOff ? "low" : effort);
  if (taken) plan.effort = taken;
  if (isOff || !canThink || traits.thinking === null || !Object.hasOwn(BUDGETS, effort)) return plan;
  if (traits.thinking === "adaptive") {
    plan.thinking = adaptiveThinking(traits);
    return plan;
  }
  const budget = Math.min(BUDGETS[effort], maxTokens - MIN_BUDGET);
  if (budget >= MIN_BUDGET) plan.thinking = { type: "enabled", budget_tokens: budget };
  return plan;
}

/** The user turn that asks a model which takes no prefill to go on with the assistant turn before it. */
export const CONTINUE_INSTRUCTION = "Continue your previous message from exactly where it stopped, without repeating any of it.";

/**
 * A conversation that ends with an assistant turn, for a model that refuses a prefill: the turn stays as history and a
 * user turn after it asks for its continuation — what the prefill asked of the models that took one (a chat client's
 * trailing assistant message, an agent's unfinished step, an Anthropic client's prefill mapped to a newer model).
 * Other conversations are returned as they are.
 */
export function continueAfterAssistant(messages: AnthropicMessage[], traits: ClaudeTraits | null): AnthropicMessage[] {
  if (!traits?.refusesPrefill || messages.at(-1)?.role !== "assistant") return messages;
  return [...messages, { role: "user", content: [{ type: "text", text: CONTINUE_INSTRUCTION }] }];
}

/**
 * An Anthropic request written for one Claude model, sent to another (a channel's model mapping: an alias kept for a
 * retired model, another model behind a model's name): what the upstream model refuses is left out or put in the
 * form it takes — the sampling parameters; the budget form of thinking from 4.7 on (adaptive, the budget read as an
 * effort: effortOfBudget); adaptive thinking before 4.6 (a budget from the effort);
 * an effort the model does not take; a prefill, where the model takes none (continueAfterAssistant). Names that are
 * not a Claude model's get the request as it is.
 */
export function forClaudeModel(request: AnthropicRequest, model: string): AnthropicRequest {
  const traits = claudeTraits(model);
  if (!traits) return request;
  const out: AnthropicRequest = { ...request };
  if (Array.isArray(out.messages)) out.messages = continueAfterAssistant(out.messages, traits);
  if (traits.refusesSampling) {
    delete out.temperature;
    delete out.top_p;
    delete out.top_k;
  } else if (traits.refusesTemperatureWithTopP && out.temperature != null && out.top_p != null) delete out.top_p;

  const config: Record<string, unknown> = typeof out.output_config === "object" && out.output_config !== null ? { ...(out.output_config as Record<string, unknown>) } : {};
  let effort = typeof config.effort === "string" ? config.effort : undefined;
  const thinking = out.thinking;
  if (thinking?.type === "enabled" && traits.thinking !== "budget") {
    if (typeof thinking.budget_tokens === "number") effort ??= effortOfBudget(thinking.budget_tokens);
    if (traits.thinking === "adaptive") out.thinking = adaptiveThinking(traits);
    else delete out.thinking;
  } else if (thinking?.type === "adaptive" && traits.thinking !== "adaptive") {
    const byEffort = effort !== undefined && Object.hasOwn(BUDGETS, effort) ? BUDGETS[effort] : BUDGETS.high;
    const budget = traits.thinking === "budget" ? Math.min(byEffort, out.max_tokens - MIN_BUDGET) : 0;
    if (budget >= MIN_BUDGET) out.thinking = { type: "enabled", budget_tokens: budget };
    else delete out.thinking;
  } else if (thinking?.type === "disabled" && !traits.canTurnThinkingOff) delete out.thinking;

  if (effort !== undefined) {
    const taken = takenEffort(traits, effort);
    if (taken) config.effort = taken;
    else delete config.effort;
  }
  if (Object.keys(config).length > 0) out.output_config = config;
  else delete out.output_config;
  return out;
}
