import { describe, expect, it } from "vitest";
import { OutputCounter } from "./output-counter";
import { countTextTokens } from "./tokenizer";

describe("local token counting", () => {
  it("counts with the o200k encoding and treats special tokens as text", () => {
    expect(countTextTokens("")).toBe(0);
    expect(countTextTokens("Hello world")).toBe(2);
    expect(countTextTokens("<|endoftext|>")).toBeGreaterThan(1);
    const long = "The quick brown fox jumps over the lazy dog. ".repeat(100);
    expect(countTextTokens(long)).toBe(countTextTokens(long)); // cached path agrees
    expect(countTextTokens(long)).toBe(1001); // 10 tokens per sentence, one more for the trailing space
  });

  it("counts piece by piece exactly as the encoder does on the whole text", async () => {
    const { Tiktoken } = await import("js-tiktoken/lite");
    const { default: ranks } = await import("js-tiktoken/ranks/o200k_base");
    const reference = new Tiktoken(ranks);
    for (const text of ["Hello, world!  Numbers 12345678 and émojis 🎉🎉 — Ünïcödé", "def f(x):\n\treturn x ** 2  # 平方\n\n\n", "   leading spaces\r\nCRLF", "<|endoftext|> is text here"]) {
      expect(countTextTokens(text)).toBe(reference.encode(text, [], []).length);
    }
  });

  it("counts delivered output in slices without keeping the whole text", () => {
    const counter = new OutputCounter();
    expect(counter.hasOutput()).toBe(false);
    const piece = "The quick brown fox jumps over the lazy dog. ";
    for (let i = 0; i < 2_000; i++) counter.add(piece);
    expect(counter.hasOutput()).toBe(true);
    const exact = countTextTokens(piece.repeat(2_000));
    expect(Math.abs(counter.tokens() - exact)).toBeLessThanOrEqual(10);
    expect((counter as unknown as { pending: string }).pending.length).toBeLessThan(40_000);
  });

  it("reads deferred events only when the count is needed, within a bounded window", () => {
    let reads = 0;
    const counter = new OutputCounter((raw) => {
      reads++;
      return (JSON.parse(raw) as { t: string }).t;
    });
    counter.addDeferred('{"t":"Hello"}');
    counter.addDeferred('{"t":" world"}');
    expect(reads).toBe(0);
    expect(counter.tokens()).toBe(2);
    expect(reads).toBe(2);
    for (let i = 0; i < 5_000; i++) counter.addDeferred('{"t":" word"}');
    expect(reads).toBeGreaterThan(2); // the window filled and was read
    expect((counter as unknown as { deferred: string[] }).deferred.length).toBeLessThan(5_000);
    expect(counter.tokens()).toBe(5_002);
  });
});
