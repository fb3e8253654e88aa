/**
 * The reasoning of the OpenAI-compatible models that want it back (takesReasoningBack: DeepSeek's thinking mode
 * refuses a tool loop whose assistant turns come back without their reasoning_content — "must be passed back to the
 * API" — and Kimi's thinking models keep it through tool calls), for the chat clients that keep none: Cursor,
 * opencode, VS Code's OpenAI-compatible extensions send the assistant turn back with its tool calls only. The relay
 * remembers the reasoning of each answer that called tools, under its calls' ids (call-memory.ts), and puts it back
 * on the turn that made those calls when it returns without it.
 */
import type { ChatRequest } from "../providers/openai/types";
import { isRecord } from "../providers/types";
import { callReasoning } from "./call-memory";
import { takesReasoningBack } from "./openai-reasoning";

type Call = { id: string; name: string };

function remember(scope: string, reasoning: string, calls: Call[]): void {
  if (!reasoning) return;
  for (const call of calls) callReasoning.keep(scope, call.id, call.name, reasoning);
}

function callsOf(toolCalls: unknown): Call[] {
  if (!Array.isArray(toolCalls)) return [];
  const calls: Call[] = [];
  for (const call of toolCalls) {
    if (isRecord(call) && typeof call.id === "string" && isRecord(call.function) && typeof call.function.name === "string") calls.push({ id: call.id, name: call.function.name });
  }
  return calls;
}

/** A chat answer (JSON) to a request made for `scope` (the API key): its reasoning remembered under its tool calls' ids. */
export function rememberAnswerReasoning(scope: string, json: unknown): void {
  const message = isRecord(json) && Array.isArray(json.choices) && isRecord(json.choices[0]) ? json.choices[0].message : undefined;
  if (isRecord(message) && typeof message.reasoning_content === "string") remember(scope, message.reasoning_content, callsOf(message.tool_calls));
}

/** A chat stream's chunks, read as they pass: the first choice's reasoning and tool calls, remembered at its finish. */
export class StreamReasoningRecorder {
  private reasoning = "";
  private readonly calls = new Map<number, Call>();
  private isDone = false;

  /** `scope`: the API key the request was made for */
  constructor(private readonly scope: string) {}

  push(data: unknown): void {
    if (this.isDone || !isRecord(data) || !Array.isArray(data.choices)) return;
    const choice = data.choices.find((c) => isRecord(c) && (c.index ?? 0) === 0);
    if (!isRecord(choice)) return;
    const delta = isRecord(choice.delta) ? choice.delta : {};
    if (typeof delta.reasoning_content === "string") this.reasoning += delta.reasoning_content;
    if (Array.isArray(delta.tool_calls)) {
      for (const call of delta.tool_calls) {
        if (!isRecord(call) || typeof call.index !== "number") continue;
        const known = this.calls.get(call.index) ?? { id: "", name: "" };
        if (typeof call.id === "string") known.id = call.id;
        if (isRecord(call.function) && typeof call.function.name === "string") known.name += call.function.name;
        this.calls.set(call.index, known);
      }
    }
    if (choice.finish_reason) this.finish();
  }

  finish(): void {
    if (this.isDone) return;
    this.isDone = true;
    remember(this.scope, this.reasoning, [...this.calls.values()].filter((call) => call.id && call.name));
  }
}

/**
 * A chat request for such a model with the reasoning put back on its assistant turns that called tools and came
 * without it (recalled by the turn's first call, for the same API key); null when there is none to put back.
 */
export function withRememberedReasoning(chat: ChatRequest, model: string, scope: string): ChatRequest | null {
  if (!takesReasoningBack(model) || !Array.isArray(chat.messages)) return null;
  let changed = false;
  const messages = chat.messages.map((message) => {
    if (message.role !== "assistant" || typeof message.reasoning_content === "string") return message;
    const [call] = callsOf(message.tool_calls);
    const reasoning = call ? callReasoning.recall(scope, call.id, call.name) : undefined;
    if (reasoning === undefined) return message;
    changed = true;
    return { ...message, reasoning_content: reasoning };
  });
  return changed ? { ...chat, messages } : null;
}
