/**
 * Counts the output a stream delivered, for the case where the upstream never reports usage (a cut stream, a client
 * that left, a vendor without usage events). Nothing is tokenized — or even parsed — when the upstream's own usage
 * arrives (the common case): delivered events are kept raw, up to a small window, and only read and counted when
 * the window fills or the count is asked for. Memory per open stream stays flat however long the stream runs.
 */
import { countTextTokens } from "./tokenizer";

const WINDOW_CHARS = 32_768;

export class OutputCounter {
  private pending = "";
  private counted = 0;
  private deferred: string[] = [];
  private deferredChars = 0;

  /** `extract` reads the output text out of a deferred event's raw data */
  constructor(private readonly extract: (raw: string) => string = () => "") {}

  /** Text known now. */
  add(text: string | undefined): void {
    if (!text) return;
    this.pending += text;
    if (this.pending.length > WINDOW_CHARS) this.drain();
  }

  /** An event's raw data, read only if the count is ever needed. */
  addDeferred(raw: string): void {
    this.deferred.push(raw);
    this.deferredChars += raw.length;
    if (this.deferredChars > WINDOW_CHARS) this.resolveDeferred();
  }

  /** Whether any output text was delivered. */
  hasOutput(): boolean {
    this.resolveDeferred();
    return this.counted > 0 || this.pending.length > 0;
  }

  /** Tokens delivered so far. */
  tokens(): number {
    this.resolveDeferred();
    return this.counted + countTextTokens(this.pending);
  }

  private resolveDeferred(): void {
    if (this.deferred.length === 0) return;
    const raws = this.deferred;
    this.deferred = [];
    this.deferredChars = 0;
    for (const raw of raws) this.add(this.extract(raw));
  }

  private drain(): void {
    // cut at the last whitespace so no token is split between slices
    let cut = this.pending.lastIndexOf(" ");
    if (cut < WINDOW_CHARS / 2) cut = this.pending.length;
    this.counted += countTextTokens(this.pending.slice(0, cut));
    this.pending = this.pending.slice(cut);
  }
}
