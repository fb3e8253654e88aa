/**
 * Call memories across the cluster (lib/relay/convert/call-memory.ts): Gemini's thought signatures and the reasoning
 * DeepSeek and Kimi want back are kept by the instance that relayed the answer, but an agent's next turn may reach
 * any instance. Every value kept is published on the cluster bus as it is kept and held by every other instance as
 * if kept there, so the turn finds it wherever it lands (the bus delivers in about a millisecond; a client runs its
 * tool in between). Values are customer content (reasoning text), so they cross Redis encrypted with a key derived
 * from the app secret the instances share (AES-256-GCM, lib/crypto.ts); a message that does not decrypt or has the
 * wrong shape is ignored. Pub/sub drops what is sent while Redis is away: such a call then falls back as on a single
 * instance that restarted (Gemini's stand-in signature; DeepSeek without the reasoning).
 */
import { hkdfSync } from "node:crypto";
import { appSecret } from "../app-secret";
import { decryptSecret, encryptSecret } from "../crypto";
import { CALL_MEMORIES, type CallKeep, type CallMemory } from "../relay/convert/call-memory";
import type { ClusterBus } from "./bus";

export const CALL_MEMORY_TOPIC = "call-memory";

/** A value longer than this (characters) stays with the instance that kept it: a megabyte of reasoning is not one turn's. */
const MAX_SHARED_CHARS = 1024 * 1024;

function busKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret(), "switchyard", "cluster-call-memory", 32));
}

function asKeep(value: unknown): [string, CallKeep] | null {
  if (!Array.isArray(value) || value.length !== 5 || !value.every((item) => typeof item === "string")) return null;
  const [memory, scope, callId, name, kept] = value as string[];
  return [memory, { scope, callId, name, value: kept }];
}

/** Wire the call memories to the bus (`memories`: the process's own unless a test passes others). Returns the unwiring. */
export function shareCallMemories(bus: ClusterBus, memories: Record<string, CallMemory> = CALL_MEMORIES): () => void {
  const key = busKey();
  for (const [memory, store] of Object.entries(memories)) {
    store.onKeep = ({ scope, callId, name, value }) => {
      if (value.length > MAX_SHARED_CHARS) return;
      void bus.publish(CALL_MEMORY_TOPIC, encryptSecret(JSON.stringify([memory, scope, callId, name, value]), key));
    };
  }
  bus.subscribe(CALL_MEMORY_TOPIC, (payload) => {
    if (typeof payload !== "string") return;
    let keep: [string, CallKeep] | null;
    try {
      keep = asKeep(JSON.parse(decryptSecret(payload, key)));
    } catch {
      // another app secret, or not ours: nothing to hold
      return;
    }
    if (keep) memories[keep[0]]?.applyRemote(keep[1]);
  });
  return () => {
    for (const store of Object.values(memories)) store.onKeep = null;
  };
}
