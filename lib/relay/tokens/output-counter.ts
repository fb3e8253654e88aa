/**
 * Counts the output a stream delivered, for the case where the upstream never reports usage (a cut stream, a client
 * that left, a vendor without usage events). Text is kept only up to a small window and tokenized in slices at
 * whitespace, so memory per open stream stays flat however long it runs, and nothing is tokenized when the
 * upstream's own usage arrives (the common case).
 */
import { countTextTokens } from "./tokenizer";

const WINDOW_CHARS = 16_384;

export class OutputCounter {
  private pending = "";
  private counted = 0;
  private hasAny = false;

  add(text: string | undefined): void {
    if (!text) return;
    this.hasAny = true;
    this.pending += text;
    if (this.pending.length > WINDOW_CHARS) this.drain();
  }

  /** Whether any output was delivered. */
  get hasOutput(): boolean {
    return this.hasAny;
  }

  /** Tokens delivered so far. */
  tokens(): number {
    return this.counted + countTextTokens(this.pending);
  }

  private drain(): void {
    // cut at the last whitespace so no token is split between slices
    let cut = this.pending.lastIndexOf(" ");
    if (cut < WINDOW_CHARS / 2) cut = this.pending.length;
    this.counted += countTextTokens(this.pending.slice(0, cut));
    this.pending = this.pending.slice(cut);
  }
}
