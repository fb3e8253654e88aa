/**
 * A scripted upstream for the money tests: each request gets the next script (an HTTP error, a JSON body, or an SSE
 * stream written event by event, with pauses, a silent hang, a dropped socket), so a test decides exactly what usage
 * an upstream reports — absurd values included — and how its stream ends. Builders below write the OpenAI chat,
 * Responses and Anthropic Messages wire shapes.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { listenLocal } from "../../support/listen-local";

export type SseStep = { event?: string; data: unknown } | { pauseMs: number } | { end: "close" | "destroy" | "hang" };
export type Script = { status: number; json: unknown } | { sse: SseStep[] };

export type ScriptedUpstream = {
  url: string;
  /** paths of the requests received, oldest first */
  requests: string[];
  /** scripts for the next requests, in order (a request with none left gets a 500) */
  queue(...scripts: Script[]): void;
  close(): Promise<void>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function writeStream(res: ServerResponse, steps: SseStep[]): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
  for (const step of steps) {
    if (res.destroyed) return;
    if ("pauseMs" in step) {
      await sleep(step.pauseMs);
    } else if ("end" in step) {
      if (step.end === "hang") return;
      if (step.end === "destroy") {
        await sleep(20); // let what was written reach the relay before the connection drops
        res.socket?.destroy();
        return;
      }
      break;
    } else {
      const data = typeof step.data === "string" ? step.data : JSON.stringify(step.data);
      res.write(`${step.event ? `event: ${step.event}\n` : ""}data: ${data}\n\n`);
    }
  }
  res.end();
}

export async function startScriptedUpstream(): Promise<ScriptedUpstream> {
  const scripts: Script[] = [];
  const requests: string[] = [];
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on("end", () => {
      requests.push(req.url ?? "/");
      const script = scripts.shift() ?? { status: 500, json: { error: { message: "no script left", type: "server_error" } } };
      if ("sse" in script) {
        writeStream(res, script.sse).catch(() => res.destroy());
        return;
      }
      res.writeHead(script.status, { "content-type": "application/json" }).end(JSON.stringify(script.json));
    });
  });
  return { ...(await listenLocal(server)), requests, queue: (...next) => void scripts.push(...next) };
}

// ───────────────────────────── OpenAI chat completions ─────────────────────────────

export function chatUsage({ prompt, completion, cached = 0 }: { prompt: unknown; completion: unknown; cached?: unknown }) {
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: 0, prompt_tokens_details: { cached_tokens: cached }, completion_tokens_details: { reasoning_tokens: 0 } };
}

const chatChunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
  data: { id: "chatcmpl-money", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] },
});

export function chatJson({ text, usage }: { text: string; usage?: unknown }): Script {
  return {
    status: 200,
    json: { id: "chatcmpl-money", object: "chat.completion", created: 1, model: "m", choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }], ...(usage === undefined ? {} : { usage }) },
  };
}

/** Text deltas, then (unless `cut`) the finish chunk, the usage chunk and [DONE]; `between` is written after delta `at`. */
export function chatStream({ pieces, usage, pauseMs = 0, between, cut }: { pieces: string[]; usage?: unknown; pauseMs?: number; between?: { at: number; steps: SseStep[] }; cut?: SseStep }): Script {
  const sse: SseStep[] = [chatChunk({ role: "assistant", content: "" })];
  pieces.forEach((piece, i) => {
    sse.push(chatChunk({ content: piece }));
    if (pauseMs) sse.push({ pauseMs });
    if (between?.at === i) sse.push(...between.steps);
  });
  if (cut) return { sse: [...sse, cut] };
  sse.push(chatChunk({}, "stop"));
  if (usage !== undefined) sse.push({ data: { id: "chatcmpl-money", object: "chat.completion.chunk", created: 1, model: "m", choices: [], usage } });
  sse.push({ data: "[DONE]" });
  return { sse };
}

export const CHAT_ERROR_EVENT: SseStep = { data: { error: { message: "The server had an error while processing your request.", type: "server_error" } } };

// ───────────────────────────── OpenAI Responses ─────────────────────────────

export function responsesUsage({ input, output, cached = 0 }: { input: unknown; output: unknown; cached?: unknown }) {
  return { input_tokens: input, input_tokens_details: { cached_tokens: cached }, output_tokens: output, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 0 };
}

/** Text deltas, then the terminal event (`response.completed`, `response.incomplete` or `response.failed`), with usage or none. */
export function responsesStream({ pieces, terminal, usage }: { pieces: string[]; terminal: "response.completed" | "response.incomplete" | "response.failed"; usage?: unknown }): Script {
  const response = (status: string, extra: Record<string, unknown> = {}) => ({ id: "resp_money", object: "response", created_at: 1, status, model: "m", output: [], usage: null, error: null, ...extra });
  const sse: SseStep[] = [{ event: "response.created", data: { type: "response.created", response: response("in_progress") } }];
  for (const piece of pieces) sse.push({ event: "response.output_text.delta", data: { type: "response.output_text.delta", item_id: "msg_1", output_index: 0, content_index: 0, delta: piece } });
  const status = terminal === "response.completed" ? "completed" : terminal === "response.incomplete" ? "incomplete" : "failed";
  const extra: Record<string, unknown> = { usage: usage ?? null };
  if (terminal === "response.incomplete") extra.incomplete_details = { reason: "max_output_tokens" };
  if (terminal === "response.failed") extra.error = { code: "server_error", message: "The model failed to finish" };
  sse.push({ event: terminal, data: { type: terminal, response: response(status, extra) } });
  return { sse };
}

// ───────────────────────────── Anthropic Messages ─────────────────────────────

export function anthropicUsage({ input, output, cacheRead = 0, cacheWrite = 0 }: { input: unknown; output: unknown; cacheRead?: unknown; cacheWrite?: unknown }) {
  return { input_tokens: input, cache_read_input_tokens: cacheRead, cache_creation_input_tokens: cacheWrite, output_tokens: output };
}

export function anthropicJson({ text, usage }: { text: string; usage: unknown }): Script {
  return { status: 200, json: { id: "msg_money", type: "message", role: "assistant", model: "m", content: [{ type: "text", text }], stop_reason: "end_turn", stop_sequence: null, usage } };
}

/** message_start with the input usage, text deltas (`errorAt`: an `error` event instead of delta i), message_delta with output, message_stop. */
export function anthropicStream({ pieces, usage, errorAt }: { pieces: string[]; usage: ReturnType<typeof anthropicUsage>; errorAt?: number }): Script {
  const ev = (type: string, rest: Record<string, unknown> = {}): SseStep => ({ event: type, data: { type, ...rest } });
  const startUsage = { ...usage, output_tokens: 1 };
  const sse: SseStep[] = [
    ev("message_start", { message: { id: "msg_money", type: "message", role: "assistant", model: "m", content: [], stop_reason: null, usage: startUsage } }),
    ev("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
  ];
  for (const [i, piece] of pieces.entries()) {
    if (errorAt === i) return { sse: [...sse, ev("error", { error: { type: "overloaded_error", message: "Overloaded" } })] };
    sse.push(ev("content_block_delta", { index: 0, delta: { type: "text_delta", text: piece } }));
  }
  sse.push(ev("content_block_stop", { index: 0 }), ev("message_delta", { delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: usage.output_tokens } }), ev("message_stop"));
  return { sse };
}
