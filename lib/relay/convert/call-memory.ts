/**
 * What an upstream gave a tool call that its clients do not send back, kept by the relay under the call's id until
 * the call returns in the next request's history:
 * - Gemini's thought signatures. Gemini 3 signs the first function call of each step and wants the signature back
 *   with that call; a client of another protocol (chat, Responses, Anthropic Messages) sends the call back by the id
 *   the relay gave it and nothing else. A call the relay holds none for (a restart, an instance started since, an old
 *   conversation) goes with Google's stand-in (chat-to-gemini-request).
 * - The reasoning of the OpenAI-compatible models that want it back (DeepSeek's thinking mode refuses a tool loop
 *   whose assistant turns lack their reasoning_content, and most agents — Cursor, opencode, Copilot's extensions — keep
 *   none): put back on the assistant turn that made the call (bridges.ts).
 * - The reasoning items of OpenAI's reasoning models served through the Responses API for chat and Anthropic clients
 *   (chat-to-responses-request.ts): with `store: false` OpenAI keeps nothing, and a tool loop's next step reasons on
 *   from its last one only when the encrypted reasoning items come back before the call they led to.
 * Held in this process, bounded by size: the oldest go first once a memory holds its limit (an agent's loop needs its
 * own for minutes). In a cluster every keep is also passed to the other instances (lib/cluster/shared-call-memory.ts),
 * so an agent's next turn finds its calls' values on whichever instance serves it. Each value is kept in a scope —
 * the API key whose request the upstream answered — and recalled only for that key and a call of the same function: a
 * call id, however random, never lets one customer's reasoning into another's request. Each memory is a process-wide
 * singleton (lib/singleton.ts): the route handlers' copy of this module and server.ts's see the same one.
 */
import { singleton } from "../../singleton";

type Kept = { name: string; value: string };

/** One value kept, as the cluster passes it on. */
export type CallKeep = { scope: string; callId: string; name: string; value: string };

export class CallMemory {
  private readonly kept = new Map<string, Kept>();
  private heldChars = 0;
  /** Told about every value kept here (not those applied from another instance); the cluster's publisher. */
  onKeep: ((keep: CallKeep) => void) | null = null;

  constructor(private readonly maxChars: number) {}

  /** Remember what the upstream gave a call made for `scope` (nothing when it gave no text). */
  keep(scope: string, callId: string, name: string, value: unknown): void {
    if (typeof value !== "string" || !value || !callId) return;
    this.hold(scope, callId, name, value);
    this.onKeep?.({ scope, callId, name, value });
  }

  /** A value another instance kept: held like a local one, and not passed on again. */
  applyRemote({ scope, callId, name, value }: CallKeep): void {
    if (!value || !callId) return;
    this.hold(scope, callId, name, value);
  }

  private hold(scope: string, callId: string, name: string, value: string): void {
    const key = `${scope}\n${callId}`;
    const previous = this.kept.get(key);
    if (previous) {
      this.heldChars -= previous.value.length;
      this.kept.delete(key);
    }
    this.kept.set(key, { name, value });
    this.heldChars += value.length;
    for (const [id, entry] of this.kept) {
      if (this.heldChars <= this.maxChars) break;
      this.kept.delete(id);
      this.heldChars -= entry.value.length;
    }
  }

  /** What the upstream gave this call made for `scope`, when this process holds it. */
  recall(scope: string, callId: string, name: string): string | undefined {
    const entry = this.kept.get(`${scope}\n${callId}`);
    return entry && entry.name === name ? entry.value : undefined;
  }

  /** Forget everything (tests). */
  forget(): void {
    this.kept.clear();
    this.heldChars = 0;
  }
}

/** Gemini's thought signatures (a few hundred bytes to a few KB each) */
export const geminiSignatures = singleton("relay.gemini-signatures", () => new CallMemory(32 * 1024 * 1024));

/** reasoning_content of the models that want it back (a few KB per turn) */
export const callReasoning = singleton("relay.call-reasoning", () => new CallMemory(64 * 1024 * 1024));

/** a Responses answer's reasoning items (JSON) before its first function call (encrypted, a few KB per step) */
export const responsesReasoning = singleton("relay.responses-reasoning", () => new CallMemory(64 * 1024 * 1024));

/** Every memory by the name the cluster passes its values under. */
export const CALL_MEMORIES: Record<string, CallMemory> = { "gemini-signatures": geminiSignatures, "call-reasoning": callReasoning, "responses-reasoning": responsesReasoning };
