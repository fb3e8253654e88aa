"use client";

import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { CodeBlock } from "@/components/marketing/code-block";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { SCRIPT_FORM_METHOD } from "@/components/ui/form-method";
import { Icon } from "@/components/ui/icon";
import { Input, Select, Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { formatUsd } from "@/lib/money";
import { anthropicSnippet, curlSnippet, pythonSnippet, typescriptSnippet } from "@/lib/playground/code-snippets";
import { conversationMessages, snippetMessages } from "@/lib/playground/playground-messages";
import { REASONING_EFFORTS, type ReasoningEffort } from "@/lib/playground/reasoning-efforts";

export const MAX_COMPARE = 4;

export type PlaygroundModel = { id: string; label: string };

/** One streamed answer: its text as it arrives, then usage, timing and (once settled) the logged cost. */
type Reply = {
  model: string;
  text: string;
  /** the model's thinking, when it streams any (reasoning_content) */
  reasoning: string;
  state: "waiting" | "streaming" | "done" | "stopped" | "error";
  error: string | null;
  requestId: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  ttftMs: number | null;
  latencyMs: number | null;
  cost: string | null;
};

const newReply = (model: string): Reply => ({ model, text: "", reasoning: "", state: "waiting", error: null, requestId: null, inputTokens: null, outputTokens: null, ttftMs: null, latencyMs: null, cost: null });

type StreamChunk = { choices?: { delta?: { content?: string | null; reasoning_content?: string | null } }[]; usage?: { prompt_tokens?: number; completion_tokens?: number } | null; error?: { message?: string } };

/** POST one turn and feed the reply as it streams; resolves when the stream ends (or is stopped). */
async function streamTurn({
  body,
  signal,
  onUpdate,
  messages,
}: {
  body: Record<string, unknown>;
  signal: AbortSignal;
  onUpdate: (update: (reply: Reply) => Reply) => void;
  messages: { network: string; generic: (status: number) => string };
}): Promise<{ requestId: string | null }> {
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch("/api/playground/chat", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal });
  } catch {
    onUpdate((reply) => ({ ...reply, state: signal.aborted ? "stopped" : "error", error: signal.aborted ? null : messages.network }));
    return { requestId: null };
  }
  const requestId = response.headers.get("x-request-id");
  if (!response.ok || !response.body) {
    const payload = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    onUpdate((reply) => ({ ...reply, state: "error", requestId, error: payload?.error?.message ?? messages.generic(response.status) }));
    return { requestId: null };
  }
  onUpdate((reply) => ({ ...reply, requestId }));
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.startsWith("data:")) continue;
        const data = line.slice(5).trim();
        if (!data || data === "[DONE]") continue;
        let chunk: StreamChunk;
        try {
          chunk = JSON.parse(data) as StreamChunk;
        } catch {
          continue;
        }
        if (chunk.error) {
          onUpdate((reply) => ({ ...reply, state: "error", error: chunk.error?.message ?? messages.generic(502) }));
          continue;
        }
        const delta = chunk.choices?.[0]?.delta?.content ?? "";
        const thought = chunk.choices?.[0]?.delta?.reasoning_content ?? "";
        const usage = chunk.usage;
        onUpdate((reply) => ({
          ...reply,
          text: reply.text + delta,
          reasoning: reply.reasoning + thought,
          state: reply.state === "error" ? "error" : "streaming",
          ttftMs: reply.ttftMs ?? (delta || thought ? Math.round(performance.now() - started) : null),
          inputTokens: usage?.prompt_tokens ?? reply.inputTokens,
          outputTokens: usage?.completion_tokens ?? reply.outputTokens,
        }));
      }
    }
    onUpdate((reply) => ({ ...reply, state: reply.state === "error" ? "error" : "done", latencyMs: Math.round(performance.now() - started) }));
  } catch {
    onUpdate((reply) => ({ ...reply, state: signal.aborted ? "stopped" : "error", latencyMs: Math.round(performance.now() - started), error: signal.aborted ? null : messages.network }));
  }
  // a stopped or cut stream is still billed for what was produced: its cost is logged too
  return { requestId };
}

/** The cost the relay logged for a request (settlement lands just after the last byte, so retry briefly). */
async function fetchLoggedCost(requestId: string): Promise<{ cost: string; latencyMs: number; ttftMs: number | null } | null> {
  for (let attempt = 0; attempt < 12; attempt += 1) {
    const response = await fetch(`/api/playground/requests/${encodeURIComponent(requestId)}`).catch(() => null);
    if (response?.ok) {
      const { request } = (await response.json()) as { request: { cost: string; latencyMs: number; ttftMs: number | null } };
      return request;
    }
    await new Promise((resolve) => setTimeout(resolve, 250 + attempt * 100));
  }
  return null;
}

function ReplyStats({ reply }: { reply: Reply }) {
  const t = useTranslations("playground");
  const locale = useLocale();
  const number = new Intl.NumberFormat(locale);
  const duration = (ms: number) => (ms < 1000 ? `${number.format(ms)} ms` : `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(ms / 1000)} s`);
  if (reply.state === "waiting" || reply.state === "streaming") {
    return <p className="text-xs text-zinc-400">{reply.state === "waiting" ? t("result.waiting") : t("result.streaming")}</p>;
  }
  return (
    <dl className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400" data-testid="reply-stats">
      {reply.inputTokens !== null && (
        <div>
          <dt className="sr-only">Tokens</dt>
          <dd>{t("result.tokens", { input: number.format(reply.inputTokens), output: number.format(reply.outputTokens ?? 0) })}</dd>
        </div>
      )}
      {(reply.state !== "error" || reply.cost !== null) && <div className="flex gap-1">
        <dt>{t("result.cost")}</dt>
        <dd className="font-medium text-zinc-900 tabular-nums dark:text-zinc-100" data-testid="reply-cost">
          {reply.cost === null ? t("result.pending") : formatUsd(BigInt(reply.cost))}
        </dd>
      </div>}
      {reply.latencyMs !== null && (
        <div className="flex gap-1">
          <dt>{t("result.latency")}</dt>
          <dd className="tabular-nums" data-testid="reply-latency">{duration(reply.latencyMs)}</dd>
        </div>
      )}
      {reply.ttftMs !== null && (
        <div className="flex gap-1">
          <dt>{t("result.ttft")}</dt>
          <dd className="tabular-nums">{duration(reply.ttftMs)}</dd>
        </div>
      )}
      {reply.state === "stopped" && <dd>{t("result.stopped")}</dd>}
    </dl>
  );
}

function ReplyBody({ reply }: { reply: Reply }) {
  const t = useTranslations("playground");
  return (
    <div className="space-y-2">
      {reply.reasoning && (
        // open while the model is still thinking (no answer yet), then folded away; a click opens it again
        <details open={reply.text === "" ? true : undefined} className="group rounded-lg border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900" data-testid="reply-reasoning">
          <summary className="cursor-pointer text-xs font-medium text-zinc-500 select-none hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200">
            {reply.text === "" && reply.state === "streaming" ? t("result.thinking") : t("result.thought")}
          </summary>
          <div className="mt-2 text-xs leading-relaxed whitespace-pre-wrap text-zinc-600 dark:text-zinc-400" data-testid="reply-reasoning-text">
            {reply.reasoning}
          </div>
        </details>
      )}
      {reply.text && <div className="text-sm leading-relaxed whitespace-pre-wrap text-zinc-800 dark:text-zinc-200" data-testid="reply-text">{reply.text}</div>}
      {reply.error && <Alert tone="danger">{reply.error}</Alert>}
      <ReplyStats reply={reply} />
    </div>
  );
}

export function PlaygroundPageClient({
  models,
  origin,
  hasBalance,
  personalNotice,
}: {
  models: PlaygroundModel[];
  origin: string;
  hasBalance: boolean;
  /** set in an organization's context: the playground bills the personal balance, not the organization's */
  personalNotice: { orgName: string; balance: string } | null;
}) {
  const t = useTranslations("playground");
  const router = useRouter();
  const [mode, setMode] = useState<"chat" | "compare">("chat");
  const [model, setModel] = useState(models[0]?.id ?? "");
  const [compareModels, setCompareModels] = useState<string[]>(models.slice(0, 2).map((m) => m.id));
  const [temperature, setTemperature] = useState(0.7);
  const [maxTokens, setMaxTokens] = useState("1024");
  const [reasoningEffort, setReasoningEffort] = useState<"" | ReasoningEffort>("");
  const [system, setSystem] = useState("");
  const [draft, setDraft] = useState("");
  const [inputError, setInputError] = useState<string | null>(null);
  const [history, setHistory] = useState<{ user: string; reply: Reply }[]>([]);
  const [comparePrompt, setComparePrompt] = useState<string | null>(null);
  const [compareReplies, setCompareReplies] = useState<Reply[]>([]);
  const [isCodeOpen, setIsCodeOpen] = useState(false);
  const abortRef = useRef<AbortController | null>(null);
  const transcriptEnd = useRef<HTMLDivElement>(null);
  const isBusy = mode === "chat" ? history.some((h) => h.reply.state === "waiting" || h.reply.state === "streaming") : compareReplies.some((r) => r.state === "waiting" || r.state === "streaming");

  // follow a reply as it streams; an empty transcript (the page just opened, or cleared) leaves the scroll alone: on a
  // phone the transcript sits below the settings, and scrolling to it hid the page's title under the top bar
  useEffect(() => {
    if (history.length > 0) transcriptEnd.current?.scrollIntoView({ block: "nearest" });
  }, [history]);

  const errorMessages = { network: t("errors.network"), generic: (status: number) => t("errors.generic", { status }) };
  const maxTokensValue = Number.parseInt(maxTokens, 10);
  const settings = {
    temperature,
    ...(Number.isFinite(maxTokensValue) && maxTokensValue > 0 ? { maxTokens: maxTokensValue } : {}),
    ...(reasoningEffort ? { reasoningEffort } : {}),
  };

  const turns = history.map((entry) => ({ user: entry.user, answer: entry.reply.text }));

  /** Shows the logged cost; true when the request was billed (it has an id), so the balance has changed. */
  const settle = async (requestId: string | null, apply: (patch: Partial<Reply>) => void): Promise<boolean> => {
    if (!requestId) return false;
    const logged = await fetchLoggedCost(requestId);
    if (logged) apply({ cost: logged.cost });
    return true;
  };

  const send = async () => {
    const text = draft.trim();
    if (!text) {
      setInputError(t("input.empty"));
      return;
    }
    setInputError(null);
    const controller = new AbortController();
    abortRef.current = controller;
    let isBilled: boolean;
    if (mode === "chat") {
      const messages = conversationMessages({ system, turns, next: text });
      const index = history.length;
      setHistory((current) => [...current, { user: text, reply: newReply(model) }]);
      setDraft("");
      const update = (change: (reply: Reply) => Reply) =>
        setHistory((current) => current.map((entry, i) => (i === index ? { ...entry, reply: change(entry.reply) } : entry)));
      const { requestId } = await streamTurn({ body: { model, messages, ...settings }, signal: controller.signal, onUpdate: update, messages: errorMessages });
      isBilled = await settle(requestId, (patch) => update((reply) => ({ ...reply, ...patch })));
    } else {
      const messages = conversationMessages({ system, turns: [], next: text });
      setComparePrompt(text);
      setCompareReplies(compareModels.map(newReply));
      const billed = await Promise.all(
        compareModels.map(async (id, index) => {
          const update = (change: (reply: Reply) => Reply) => setCompareReplies((current) => current.map((reply, i) => (i === index ? change(reply) : reply)));
          const { requestId } = await streamTurn({ body: { model: id, messages, ...settings }, signal: controller.signal, onUpdate: update, messages: errorMessages });
          return settle(requestId, (patch) => update((reply) => ({ ...reply, ...patch })));
        }),
      );
      isBilled = billed.includes(true);
    }
    // the top bar's balance (and the personal-balance notice) are rendered on the server: fetch them again, keeping
    // the transcript, once the requests have settled
    if (isBilled) router.refresh();
  };

  const snippetInput = {
    origin,
    model: mode === "chat" ? model : (compareModels[0] ?? model),
    messages: snippetMessages({ mode, system, turns, comparePrompt, draft }),
    ...settings,
  };

  if (models.length === 0) {
    return (
      <div>
        <PageHeader title={t("title")} description={t("description")} />
        <EmptyState icon={<Icon name="play" />} title={t("empty.noModelsTitle")} description={t("empty.noModelsDescription")} />
      </div>
    );
  }

  // a label ("Claude Sonnet 4.5 (claude-sonnet-4-5)") is often wider than the settings column: it ends in an ellipsis
  // and shows in full on hover and in the open list
  const modelSelect = (value: string, onChange: (value: string) => void, id: string, exclude: string[] = []) => (
    <Select id={id} value={value} onChange={(e) => onChange(e.target.value)} title={models.find((m) => m.id === value)?.label} className="min-w-0 truncate">
      {models.filter((m) => m.id === value || !exclude.includes(m.id)).map((m) => (
        <option key={m.id} value={m.id}>
          {m.label}
        </option>
      ))}
    </Select>
  );

  return (
    <div>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <div role="group" aria-label={t("modes.label")} className="inline-flex rounded-lg border border-zinc-200 bg-zinc-50 p-0.5 dark:border-zinc-800 dark:bg-zinc-900">
              {(["chat", "compare"] as const).map((value) => (
                <button
                  key={value}
                  type="button"
                  aria-pressed={mode === value}
                  onClick={() => !isBusy && setMode(value)}
                  className={cn(
                    "rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-500",
                    mode === value ? "bg-white text-zinc-900 shadow-xs dark:bg-zinc-800 dark:text-white" : "text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white",
                  )}
                >
                  {t(`modes.${value}`)}
                </button>
              ))}
            </div>
            <Button variant="outline" onClick={() => setIsCodeOpen(true)}>
              {t("code.button")}
            </Button>
          </>
        }
      />

      {personalNotice && (
        <div className="mb-4" data-testid="playground-personal">
          <Alert tone="info">{t("personalBalance", personalNotice)}</Alert>
        </div>
      )}

      {!hasBalance && (
        <Alert tone="warning" className="mb-4" action={<Link href="/billing" className={buttonClasses({ size: "sm" })}>{t("empty.topUp")}</Link>}>
          {t("empty.noBalance")}
        </Alert>
      )}

      <div className="grid gap-6 lg:grid-cols-[18rem_1fr]">
        <Card className="space-y-4 self-start p-4">
          <h2 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{t("settings.title")}</h2>
          {mode === "chat" ? (
            <div className="space-y-1.5">
              <Label htmlFor="pg-model">{t("settings.model")}</Label>
              {modelSelect(model, setModel, "pg-model")}
            </div>
          ) : (
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">{t("settings.models", { max: MAX_COMPARE })}</legend>
              {compareModels.map((id, index) => (
                <div key={index} className="flex gap-1.5">
                  <label className="sr-only" htmlFor={`pg-compare-${index}`}>
                    {t("settings.model")} {index + 1}
                  </label>
                  {modelSelect(id, (value) => setCompareModels((list) => list.map((m, i) => (i === index ? value : m))), `pg-compare-${index}`, compareModels)}
                  {compareModels.length > 1 && (
                    <Button variant="ghost" size="icon" aria-label={t("settings.removeModel", { model: id })} onClick={() => setCompareModels((list) => list.filter((_, i) => i !== index))} disabled={isBusy}>
                      <svg className="size-4" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden>
                        <path d="M18 6 6 18M6 6l12 12" />
                      </svg>
                    </Button>
                  )}
                </div>
              ))}
              {compareModels.length < Math.min(MAX_COMPARE, models.length) && (
                <Button
                  variant="outline"
                  size="sm"
                  disabled={isBusy}
                  onClick={() => setCompareModels((list) => [...list, models.find((m) => !list.includes(m.id))?.id ?? models[0].id])}
                >
                  {t("settings.addModel")}
                </Button>
              )}
            </fieldset>
          )}
          <div className="space-y-1.5">
            <div className="flex items-center justify-between">
              <Label htmlFor="pg-temperature">{t("settings.temperature")}</Label>
              <span className="text-xs text-zinc-500 tabular-nums">{temperature.toFixed(1)}</span>
            </div>
            <input id="pg-temperature" type="range" min={0} max={2} step={0.1} value={temperature} onChange={(e) => setTemperature(Number(e.target.value))} className="w-full accent-brand-600" aria-describedby="pg-temperature-hint" />
            <p id="pg-temperature-hint" className="text-xs text-zinc-500 dark:text-zinc-400">
              {t("settings.temperatureHint")}
            </p>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="pg-max-tokens">{t("settings.maxTokens")}</Label>
            <Input id="pg-max-tokens" type="number" min={1} max={128000} step={1} value={maxTokens} onChange={(e) => setMaxTokens(e.target.value)} aria-describedby="pg-max-tokens-hint" />
            <p id="pg-max-tokens-hint" className="text-xs text-zinc-500 dark:text-zinc-400">
              {t("settings.maxTokensHint")}
            </p>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="pg-reasoning">{t("settings.reasoning")}</Label>
            <Select id="pg-reasoning" value={reasoningEffort} onChange={(e) => setReasoningEffort(e.target.value as typeof reasoningEffort)} aria-describedby="pg-reasoning-hint">
              <option value="">{t("settings.reasoningDefault")}</option>
              {REASONING_EFFORTS.map((effort) => (
                <option key={effort} value={effort}>
                  {t(`settings.reasoningEfforts.${effort}`)}
                </option>
              ))}
            </Select>
            <p id="pg-reasoning-hint" className="text-xs text-zinc-500 dark:text-zinc-400">
              {t("settings.reasoningHint")}
            </p>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="pg-system">{t("settings.system")}</Label>
            <Textarea id="pg-system" value={system} onChange={(e) => setSystem(e.target.value)} placeholder={t("settings.systemPlaceholder")} rows={3} />
          </div>
        </Card>

        <div className="flex min-w-0 flex-col gap-4">
          {mode === "chat" ? (
            <Card className="min-h-72 p-4" aria-live="polite" data-testid="chat-transcript">
              {history.length === 0 ? (
                <EmptyState className="border-0" icon={<Icon name="play" />} title={t("empty.chatTitle")} description={t("empty.chatDescription")} />
              ) : (
                <ol className="space-y-5">
                  {history.map((entry, index) => (
                    <li key={index} className="space-y-3">
                      <div className="ml-auto max-w-[85%] rounded-xl bg-brand-600 px-3.5 py-2 text-sm whitespace-pre-wrap text-white">
                        <span className="sr-only">{t("roles.user")}: </span>
                        {entry.user}
                      </div>
                      <div className="max-w-[95%] rounded-xl border border-zinc-200 bg-zinc-50 px-3.5 py-2.5 dark:border-zinc-800 dark:bg-zinc-950/50">
                        <p className="mb-1 text-xs font-medium text-zinc-500">
                          {t("roles.assistant")} · <code className="font-mono">{entry.reply.model}</code>
                        </p>
                        <ReplyBody reply={entry.reply} />
                      </div>
                    </li>
                  ))}
                </ol>
              )}
              <div ref={transcriptEnd} />
            </Card>
          ) : comparePrompt === null ? (
            <Card className="p-4">
              <EmptyState className="border-0" icon={<Icon name="grid" />} title={t("empty.compareTitle")} description={t("empty.compareDescription")} />
            </Card>
          ) : (
            <div>
              <p className="mb-3 rounded-lg bg-zinc-100 px-3 py-2 text-sm text-zinc-700 dark:bg-zinc-900 dark:text-zinc-300">{comparePrompt}</p>
              <div className={cn("grid gap-4", compareReplies.length > 1 && "md:grid-cols-2", compareReplies.length > 2 && "xl:grid-cols-4")} data-testid="compare-grid">
                {compareReplies.map((reply, index) => (
                  <Card key={`${reply.model}-${index}`} className="min-w-0 p-4" data-testid="compare-column">
                    <p className="mb-2 font-mono text-xs font-medium text-zinc-500">{reply.model}</p>
                    <ReplyBody reply={reply} />
                  </Card>
                ))}
              </div>
            </div>
          )}

          <form method={SCRIPT_FORM_METHOD}
            className="space-y-2"
            onSubmit={(event) => {
              event.preventDefault();
              void send();
            }}
          >
            <Label htmlFor="pg-input" className="sr-only">
              {t("input.label")}
            </Label>
            <Textarea
              id="pg-input"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
                  e.preventDefault();
                  if (!isBusy) void send();
                }
              }}
              placeholder={mode === "chat" ? t("input.placeholder") : t("input.comparePlaceholder")}
              rows={3}
              aria-invalid={inputError ? true : undefined}
              aria-describedby={inputError ? "pg-input-error" : "pg-input-hint"}
            />
            {inputError && (
              <p id="pg-input-error" className="text-xs font-medium text-red-600 dark:text-red-400" data-field-error>
                {inputError}
              </p>
            )}
            <div className="flex flex-wrap items-center justify-between gap-2">
              <p id="pg-input-hint" className="text-xs text-zinc-500 dark:text-zinc-400">
                {t("input.sendHint")}
              </p>
              <div className="flex gap-2">
                {mode === "chat" && history.length > 0 && (
                  <Button variant="ghost" onClick={() => setHistory([])} disabled={isBusy}>
                    {t("input.clear")}
                  </Button>
                )}
                {isBusy ? (
                  <Button variant="outline" onClick={() => abortRef.current?.abort()}>
                    {t("input.stop")}
                  </Button>
                ) : (
                  <Button type="submit">{t("input.send")}</Button>
                )}
              </div>
            </div>
          </form>
        </div>
      </div>

      <Dialog isOpen={isCodeOpen} onClose={() => setIsCodeOpen(false)} title={t("code.title")} description={t("code.description")} className="max-w-3xl">
        {isCodeOpen && (
          <CodeBlock
            title={t("code.title")}
            samples={[
              { id: "curl", label: t("code.curl"), language: "bash", code: curlSnippet(snippetInput) },
              { id: "python", label: t("code.python"), language: "python", code: pythonSnippet(snippetInput) },
              { id: "typescript", label: t("code.typescript"), language: "typescript", code: typescriptSnippet(snippetInput) },
              { id: "anthropic", label: t("code.anthropic"), language: "python", code: anthropicSnippet(snippetInput) },
            ]}
          />
        )}
      </Dialog>
    </div>
  );
}
