/**
 * Local token counting with a real BPE tokenizer (js-tiktoken, o200k_base — GPT-4o/GPT-5's encoding). For Claude,
 * Gemini and other vendors it is an approximation (typically within ~10–20%); it only sizes holds and bills streams
 * whose upstream never reported usage, and upstream-reported usage always wins when present.
 * The encoder takes ~1–2 s to build, so the server warms it up at start (warmTokenizer).
 * Counting splits text into the encoding's pre-tokenizer pieces (words, numbers, punctuation runs — the same regex
 * the encoder uses) and caches the token count of each piece: BPE never merges across pieces, so the sum is exact,
 * and the expensive merge runs once per distinct piece instead of on every request. Long texts are also cached
 * whole: agents resend the same conversation prefix on every turn.
 */
import { Tiktoken } from "js-tiktoken/lite";
import o200kBase from "js-tiktoken/ranks/o200k_base";
import { singleton } from "../../singleton";

const CACHE_MIN_CHARS = 512;
const CACHE_MAX_CHARS = 32_000_000;

const PIECE_CACHE_MAX = 500_000;

type TokenizerState = { encoder: Tiktoken | null; cache: Map<string, number>; cachedChars: number; pieces: Map<string, number>; splitter: RegExp };

const state = () =>
  singleton<TokenizerState>("relay.tokenizer", () => ({
    encoder: null,
    cache: new Map(),
    cachedChars: 0,
    pieces: new Map(),
    splitter: new RegExp(o200kBase.pat_str, "gu"),
  }));

function encoder(): Tiktoken {
  const s = state();
  s.encoder ??= new Tiktoken(o200kBase);
  return s.encoder;
}

/** Build the encoder ahead of the first request (off the request path). */
export function warmTokenizer(): void {
  setImmediate(() => encoder());
}

/** Tokens of a text, piece by piece (see the header); special-token strings count as plain text. */
function countPieces(text: string): number {
  const s = state();
  const splitter = s.splitter;
  splitter.lastIndex = 0;
  let total = 0;
  let match: RegExpExecArray | null;
  while ((match = splitter.exec(text)) !== null) {
    const piece = match[0];
    let count = s.pieces.get(piece);
    if (count === undefined) {
      count = encoder().encode(piece, [], []).length;
      if (s.pieces.size >= PIECE_CACHE_MAX) s.pieces.clear();
      s.pieces.set(piece, count);
    }
    total += count;
  }
  return total;
}

/** Tokens in a text. Special-token strings in user text are counted as plain text, never rejected. */
export function countTextTokens(text: string): number {
  if (text.length === 0) return 0;
  if (text.length < CACHE_MIN_CHARS) return countPieces(text);
  const s = state();
  const hit = s.cache.get(text);
  if (hit !== undefined) {
    // refresh recency
    s.cache.delete(text);
    s.cache.set(text, hit);
    return hit;
  }
  const count = countPieces(text);
  s.cache.set(text, count);
  s.cachedChars += text.length;
  while (s.cachedChars > CACHE_MAX_CHARS) {
    const oldest = s.cache.keys().next().value;
    if (oldest === undefined) break;
    s.cache.delete(oldest);
    s.cachedChars -= oldest.length;
  }
  return count;
}
