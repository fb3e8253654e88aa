/**
 * `n > 1` on /v1/chat/completions. A native OpenAI channel serves it in one call (the request goes up as it is,
 * and failover stays among OpenAI channels so that no candidate silently answers one choice). Anthropic and Gemini
 * have no `n`: the relay fans out — n upstream calls of one choice each, every one with its own failover — and
 * merges them into one answer whose choices carry their indexes; usage is the sum of the n reports.
 *
 * The merged answer is handed to the pipeline as one Connected, so holding, metering, settling and logging work
 * unchanged: a JSON answer as the merged chat completion; a stream as a local SSE stream of chat chunks (each
 * choice's chunks as they arrive, with its index), then one usage chunk and [DONE] once every choice completed —
 * or no [DONE] when one broke, so the client gets the relay's error event and is billed for what was delivered.
 */
import { PassThrough } from "node:stream";
import type { IncomingMessage, ClientRequest } from "node:http";
import type { Usage } from "../billing/usage";
import { isUsageOnlyChunk } from "./bridges";
import { type Connected, connectUpstream } from "./connect-upstream";
import type { ProtocolEvent } from "./convert/types";
import { nowSeconds, randomId } from "./convert/types";
import { addUsage } from "./providers/add-usage";
import { openAiAdapter } from "./providers/openai/adapter";
import { toChatUsage } from "./providers/openai/convert-openai-usage";
import { createChatStreamReader } from "./providers/openai/read-openai-stream";
import type { ChatResponse } from "./providers/openai/types";
import type { ProviderAdapter, StreamReader } from "./providers/types";
import { isRecord } from "./providers/types";
import { SseParser, parseSseData } from "./sse/sse-parser";

type ConnectArgs = Parameters<typeof connectUpstream>[0];

/** connectUpstream, or for n > 1 on a channel without `n` the fan-out. */
export function connectForChoices(args: ConnectArgs): Promise<Connected> {
  const choices = args.parsed.choices ?? 1;
  if (choices <= 1) return connectUpstream(args);
  const native = args.candidates.filter((channel) => channel.type === "openai");
  if (args.candidates[0]?.type === "openai") return connectUpstream({ ...args, candidates: native });
  return fanOut(args, choices);
}

/** The sum of the reports; null when one choice reported none (the pipeline then counts locally). */
function sumUsage(reports: (Usage | null)[]): Usage | null {
  let total: Usage | null = null;
  for (const report of reports) {
    if (!report) return null;
    total = total ? addUsage(total, report) : report;
  }
  return total;
}

function destroy(connected: Connected): void {
  connected.response.body.destroy();
  connected.response.request.destroy();
}

async function fanOut(args: ConnectArgs, choices: number): Promise<Connected> {
  const { n: _n, ...single } = args.parsed.body;
  const raw = Buffer.from(JSON.stringify(single));
  const settled = await Promise.allSettled(
    Array.from({ length: choices }, () =>
      connectUpstream({
        ...args,
        parsed: { ...args.parsed, body: single, choices: 1 },
        bridgeInput: { ...args.bridgeInput, body: single, raw, includeUsage: false },
      }),
    ),
  );
  const failed = settled.find((result) => result.status === "rejected");
  const subs = settled.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  if (failed) {
    // one choice could not be served: the others are abandoned (nothing reached the client yet, nothing is billed)
    subs.forEach(destroy);
    throw failed.reason;
  }
  const attempts = subs.reduce((total, sub) => total + sub.attempts, 0);
  return args.parsed.isStream ? mergeStreams(subs, attempts, args.bridgeInput.includeUsage) : mergeJson(subs, attempts);
}

/** An adapter that reads the merged answer as chat completions but bills the exact summed report (cache writes kept). */
function mergedAdapter(usage: () => Usage | null): ProviderAdapter {
  return {
    ...openAiAdapter,
    parseUsage: () => usage(),
    createStreamReader: (): StreamReader => {
      const chat = createChatStreamReader();
      return { ...chat, usage: () => (chat.isComplete() ? (usage() ?? chat.usage()) : chat.usage()) };
    },
  };
}

function mergeJson(subs: Connected[], attempts: number): Connected {
  const responses = subs.map((sub) => (sub.bridge.convertResponse ? sub.bridge.convertResponse(sub.json) : sub.json) as ChatResponse);
  const usage = sumUsage(subs.map((sub) => sub.adapter.parseUsage(sub.bridge.operation, sub.json)));
  const merged: ChatResponse = {
    ...responses[0],
    choices: responses.map((response, index) => ({ ...response.choices[0], index })),
    // without every choice's report there is no honest total: the pipeline then counts the output locally
    usage: usage ? (toChatUsage(usage) as ChatResponse["usage"]) : undefined,
  };
  return {
    channel: subs[0].channel,
    adapter: mergedAdapter(() => usage),
    bridge: { operation: "chat", body: "", convertResponse: null, createStreamConverter: null, dropEvent: null },
    response: subs[0].response,
    json: merged,
    text: JSON.stringify(merged),
    attempts,
  };
}

type SubEnd = { isComplete: boolean; usage: Usage | null };

/** Read one choice's upstream stream: its events in the client's protocol (chat chunks), then how it ended. */
function pumpChoice({ sub, onChunk, onEnd }: { sub: Connected; onChunk: (chunk: Record<string, unknown>) => void; onEnd: (end: SubEnd) => void }): void {
  const body = sub.response.body;
  const reader = sub.adapter.createStreamReader(sub.bridge.operation);
  const converter = sub.bridge.createStreamConverter ? sub.bridge.createStreamConverter() : null;
  const parser = new SseParser();
  let hasError = false;
  let isEnded = false;
  const forward = (events: ProtocolEvent[]) => {
    for (const { data } of events) if (isRecord(data) && Array.isArray(data.choices) && data.choices.length > 0) onChunk(data);
  };
  const handle = (events: ReturnType<SseParser["push"]>) => {
    for (const event of events) {
      const data = parseSseData(event.data);
      if (data === undefined) continue;
      if (reader.read(event, data).error) hasError = true;
      forward(converter ? converter.push(event.event, data) : [{ data }]);
    }
  };
  const end = (isClean: boolean) => {
    if (isEnded) return;
    isEnded = true;
    const isComplete = isClean && !hasError && reader.isComplete();
    if (isComplete && converter) forward(converter.end());
    onEnd({ isComplete, usage: reader.usage() });
  };
  const onBodyEnd = () => {
    handle(parser.flush());
    end(true);
  };
  body.on("data", (chunk: Buffer) => handle(parser.push(chunk)));
  body.on("end", onBodyEnd);
  body.on("error", () => end(false));
  body.on("aborted", () => end(false));
  // a body destroyed without an error (another choice broke, the client left) only closes
  body.on("close", () => end(false));
  if (sub.firstChunk) handle(parser.push(sub.firstChunk));
  // a body that came whole with its first chunk has emitted its end already, before these listeners
  if (body.readableEnded) onBodyEnd();
  else body.resume();
}

function mergeStreams(subs: Connected[], attempts: number, includeUsage: boolean): Connected {
  const merged = new PassThrough();
  const id = randomId("chatcmpl-");
  const created = nowSeconds();
  let model = "";
  let usage: Usage | null = null;
  const ends: SubEnd[] = [];
  let isFinished = false;

  let isPaused = false;
  const write = (data: unknown) => {
    // a slow client pauses every upstream, so memory stays flat
    if (!merged.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`) && !isPaused) {
      isPaused = true;
      subs.forEach((sub) => sub.response.body.pause());
      merged.once("drain", () => {
        isPaused = false;
        if (!isFinished) subs.forEach((sub) => sub.response.body.resume());
      });
    }
  };
  const finishCut = (broken: Connected) => {
    if (isFinished) return;
    isFinished = true;
    subs.forEach((sub) => sub !== broken && destroy(sub));
    // no [DONE]: the pipeline sees a cut stream, tells the client, and bills what was delivered
    merged.end();
  };
  const finishDone = () => {
    isFinished = true;
    usage = sumUsage(ends.map((end) => end.usage));
    if (usage) write({ id, object: "chat.completion.chunk", created, model, choices: [], usage: toChatUsage(usage) });
    write("[DONE]");
    merged.end();
  };

  subs.forEach((sub, index) =>
    pumpChoice({
      sub,
      onChunk: (chunk) => {
        if (isFinished) return;
        if (typeof chunk.model === "string") model ||= chunk.model;
        const choices = (chunk.choices as Record<string, unknown>[]).map((choice) => ({ ...choice, index }));
        write({ ...chunk, id, created, choices });
      },
      onEnd: (end) => {
        if (isFinished) return;
        if (!end.isComplete) return finishCut(sub);
        ends.push(end);
        if (ends.length === subs.length) finishDone();
      },
    }),
  );

  const request = { destroy: () => subs.forEach(destroy) } as unknown as ClientRequest;
  return {
    channel: subs[0].channel,
    adapter: mergedAdapter(() => usage),
    // the client did not ask for usage: the merged usage chunk (needed for billing) is dropped on the way out
    bridge: { operation: "chat", body: "", convertResponse: null, createStreamConverter: null, dropEvent: includeUsage ? null : isUsageOnlyChunk },
    response: { status: 200, headers: {}, body: merged as unknown as IncomingMessage, request },
    attempts,
  };
}
