/**
 * Gemini's thought signatures, kept between the turns of a converted tool loop. Gemini 3 signs the first function
 * call of each step and wants the signature back with that call in the history; a client of another protocol (chat,
 * Responses, Anthropic Messages) sends the call back by the id the relay gave it and nothing else. So the relay keeps
 * each signature under its call's id, in this process, and puts it back when the call returns; a call it holds none
 * for (another instance served it, a restart, an old conversation) goes with Google's stand-in (chat-to-gemini-request).
 * Bounded by size: the oldest signatures go first once MAX_CHARS is held (a signature is a few hundred bytes to a few
 * KB; an agent's loop needs its own for minutes). Call ids are random and unguessable; a signature is recalled only
 * for a call of the same function.
 */

const MAX_CHARS = 32 * 1024 * 1024;

type Kept = { name: string; signature: string };

const kept = new Map<string, Kept>();
let heldChars = 0;

/** Remember the signature Gemini gave a function call (the call's id as the client sees it). */
export function keepSignature(callId: string, name: string, signature: unknown): void {
  if (typeof signature !== "string" || !signature || !callId) return;
  const previous = kept.get(callId);
  if (previous) {
    heldChars -= previous.signature.length;
    kept.delete(callId);
  }
  kept.set(callId, { name, signature });
  heldChars += signature.length;
  for (const [id, entry] of kept) {
    if (heldChars <= MAX_CHARS) break;
    kept.delete(id);
    heldChars -= entry.signature.length;
  }
}

/** The signature Gemini gave this call, when this process holds it. */
export function recallSignature(callId: string, name: string): string | undefined {
  const entry = kept.get(callId);
  return entry && entry.name === name ? entry.signature : undefined;
}

/** Forget every signature (tests). */
export function forgetSignatures(): void {
  kept.clear();
  heldChars = 0;
}
