/**
 * The usage a request is billed for. The upstream's own report wins when the request completed; a stream that was
 * cut, abandoned or never reported usage is billed for what was actually delivered: the upstream's partial report
 * where it has one (Anthropic reports input at the start), else the prompt counted locally, plus the output tokens
 * counted locally from the delivered text — and flagged as estimated.
 *
 * An upstream's report is not trusted beyond what is possible (docs/security.md, "Money"): counts the converters
 * could not read (negative, NaN, strings) arrive as 0, so a completed request reporting no input, or no output while
 * output was delivered, is counted locally instead (flag `invalid`; no report at all: `missing`); counts above the
 * model's context window or the held output limit are cut to them (flag `clamped`).
 */
import { hourWritesPart, type Usage } from "../billing/usage";

/** Why the billed usage is not simply the upstream's report (stored in request_logs.usage_flag). */
export type UsageFlag = "missing" | "invalid" | "clamped";

/** The most one request can use: its model's context window in, the output limit its hold covered out (0 = none). */
export type UsageBounds = { maxInputTokens: number; maxOutputTokens: number };

/** Beyond any model's context: a count above this is absurd whatever the catalog says (and fits the log's int). */
export const MAX_REPORTED_TOKENS = 10_000_000;

export function finalUsage({
  reported,
  isComplete,
  promptTokens,
  countDelivered: count,
  bounds,
}: {
  reported: Usage | null;
  isComplete: boolean;
  promptTokens: number;
  /** output tokens delivered, counted locally — only called when the upstream's report is missing or partial */
  countDelivered: () => number;
  bounds?: UsageBounds;
}): { usage: Usage; isEstimated: boolean; flag?: UsageFlag } {
  // the report first made possible (no NaN, nothing negative, nothing beyond the limits), then read as usual
  const screened = reported ? boundUsage(reported, bounds) : null;
  const sane = screened?.usage ?? null;
  // tokenizing the delivered text is the costly part: done at most once, and only if a path needs it
  let delivered: number | undefined;
  const countDelivered = () => (delivered ??= count());
  const { usage, isEstimated, flag } = isComplete ? completedUsage({ reported: sane, promptTokens, countDelivered }) : { ...deliveredUsage({ reported: sane, promptTokens, countDelivered }), flag: undefined };
  // local counts are bounded too: output beyond the held limit was not asked for (a believed report already is)
  const bounded = isEstimated ? boundUsage(usage, bounds) : { usage, isClamped: false };
  const finalFlag = flag ?? (screened?.isClamped || bounded.isClamped ? "clamped" : undefined);
  return { usage: bounded.usage, isEstimated, ...(finalFlag ? { flag: finalFlag } : {}) };
}

/** A completed request: its report, with what it left out (or could not say) counted locally. */
function completedUsage({ reported, promptTokens, countDelivered }: { reported: Usage | null; promptTokens: number; countDelivered: () => number }): {
  usage: Usage;
  isEstimated: boolean;
  flag?: UsageFlag;
} {
  if (!reported) return { ...deliveredUsage({ reported, promptTokens, countDelivered }), flag: "missing" };
  const hasInput = totalIn(reported) > 0 || (reported.images ?? 0) > 0 || promptTokens === 0;
  // an image or an embedding has no output text: countDelivered() is 0 for them
  const hasOutput = reported.output.text + reported.output.reasoning > 0 || countDelivered() === 0;
  if (hasInput && hasOutput) return { usage: reported, isEstimated: false };
  const isEmpty = totalIn(reported) === 0 && reported.output.text + reported.output.reasoning === 0 && !reported.images;
  return { ...deliveredUsage({ reported, promptTokens, countDelivered }), flag: isEmpty ? "missing" : "invalid" };
}

/** What was delivered: the reported (or locally counted) input, and the larger of reported and counted output. */
function deliveredUsage({ reported, promptTokens, countDelivered }: { reported: Usage | null; promptTokens: number; countDelivered: () => number }): { usage: Usage; isEstimated: boolean } {
  const input = reported && totalIn(reported) > 0 ? reported.input : { noCache: promptTokens, cacheRead: 0, cacheWrite: 0 };
  const reportedOutput = reported ? reported.output.text + reported.output.reasoning : 0;
  const reasoning = reported?.output.reasoning ?? 0;
  const total = Math.max(reportedOutput, countDelivered());
  return { usage: { input, output: { text: total - reasoning, reasoning }, ...(reported?.images ? { images: reported.images } : {}) }, isEstimated: true };
}

function totalIn(usage: Usage): number {
  return usage.input.noCache + usage.input.cacheRead + usage.input.cacheWrite;
}

/** Cut every count to [0, what the request could have used]; input parts are cut in order noCache, cacheWrite, cacheRead. */
export function boundUsage(usage: Usage, bounds?: UsageBounds): { usage: Usage; isClamped: boolean } {
  const maxIn = Math.min(MAX_REPORTED_TOKENS, bounds && bounds.maxInputTokens > 0 ? bounds.maxInputTokens : MAX_REPORTED_TOKENS);
  const maxOut = Math.min(MAX_REPORTED_TOKENS, bounds && bounds.maxOutputTokens > 0 ? bounds.maxOutputTokens : MAX_REPORTED_TOKENS);
  const sane = (n: number) => (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);
  let room = maxIn;
  const take = (n: number) => {
    const kept = Math.min(sane(n), room);
    room -= kept;
    return kept;
  };
  const input = { noCache: take(usage.input.noCache), cacheWrite: take(usage.input.cacheWrite), cacheRead: take(usage.input.cacheRead) };
  const reasoning = Math.min(sane(usage.output.reasoning), maxOut);
  const text = Math.min(sane(usage.output.text), maxOut - reasoning);
  // the 1-hour writes are a part of the writes, cut with them
  const hourWrites = Math.min(sane(usage.input.cacheWrite1h ?? 0), input.cacheWrite);
  const bounded: Usage = {
    input: { noCache: input.noCache, cacheRead: input.cacheRead, cacheWrite: input.cacheWrite, ...hourWritesPart(hourWrites) },
    output: { text, reasoning },
    ...(usage.images !== undefined ? { images: sane(usage.images) } : {}),
  };
  const isClamped =
    bounded.input.noCache !== usage.input.noCache ||
    bounded.input.cacheRead !== usage.input.cacheRead ||
    bounded.input.cacheWrite !== usage.input.cacheWrite ||
    bounded.output.text !== usage.output.text ||
    bounded.output.reasoning !== usage.output.reasoning ||
    (usage.images !== undefined && bounded.images !== usage.images);
  return { usage: bounded, isClamped };
}
