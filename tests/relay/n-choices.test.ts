import { describe, expect, it } from "vitest";
import { DEFAULT_TEXT } from "../fakes/upstream-types";
import { addChannel, balanceOf, createCustomer, createModel, lastLog, openaiClient, testCost, useRelay } from "./support/harness";

describe("n > 1 on /v1/chat/completions", () => {
  const t = useRelay(async (fake) => {
    for (const id of ["n-native", "n-gemini"]) await createModel({ id });
    // a context window below the fan-out's summed input (3 × 12 tokens): each call fits, so the sum is believed
    await createModel({ id: "n-claude", contextWindow: 20 });
    await addChannel({ fake, type: "openai", models: ["n-native"] });
    await addChannel({ fake, type: "anthropic", models: ["n-claude"] });
    await addChannel({ fake, type: "gemini", models: ["n-gemini"] });
  }, { balance: 5_000_000n });

  it("passes n through to a native OpenAI channel; usage covers every choice", async () => {
    const before = await balanceOf(t.customer.walletId);
    const completion = await openaiClient(t.relay, t.customer.secret).chat.completions.create({ model: "n-native", messages: [{ role: "user", content: "Hi" }], n: 3 });
    expect(t.fake.requests).toHaveLength(1);
    expect(t.fake.requests[0].body).toMatchObject({ n: 3 });
    expect(completion.choices.map((c) => [c.index, c.message.content])).toEqual([0, 1, 2].map((i) => [i, DEFAULT_TEXT]));
    expect(await balanceOf(t.customer.walletId)).toBe(before - testCost({ input: 12, output: 15 }));
    expect(await lastLog(t.customer.keyId)).toMatchObject({ status: 200, input_tokens: 12, output_tokens: 15, attempts: 1 });
  });

  it("streams n choices from a native channel with their indexes, without a usage chunk the client did not ask for", async () => {
    const before = await balanceOf(t.customer.walletId);
    const stream = await openaiClient(t.relay, t.customer.secret).chat.completions.create({ model: "n-native", messages: [{ role: "user", content: "Hi" }], n: 2, stream: true });
    const text = ["", ""];
    let usageChunks = 0;
    for await (const chunk of stream) {
      if (chunk.usage) usageChunks++;
      for (const choice of chunk.choices) text[choice.index] += choice.delta.content ?? "";
    }
    expect(text).toEqual([DEFAULT_TEXT, DEFAULT_TEXT]);
    expect(usageChunks).toBe(0);
    expect(await balanceOf(t.customer.walletId)).toBe(before - testCost({ input: 12, output: 10 }));
  });

  it("fans out to an Anthropic channel: n calls of one choice, merged with indexes, usage summed", async () => {
    const before = await balanceOf(t.customer.walletId);
    const completion = await openaiClient(t.relay, t.customer.secret).chat.completions.create({ model: "n-claude", messages: [{ role: "user", content: "Hi" }], n: 3, max_tokens: 100 });
    expect(t.fake.requests.map((r) => r.path)).toEqual(["/v1/messages", "/v1/messages", "/v1/messages"]);
    for (const request of t.fake.requests) expect(request.body).not.toHaveProperty("n");
    expect(completion.choices.map((c) => [c.index, c.message.content, c.finish_reason])).toEqual([0, 1, 2].map((i) => [i, DEFAULT_TEXT, "stop"]));
    expect(completion.usage).toMatchObject({ prompt_tokens: 36, completion_tokens: 15 });
    expect(await balanceOf(t.customer.walletId)).toBe(before - testCost({ input: 36, output: 15 }));
    expect(await lastLog(t.customer.keyId)).toMatchObject({ status: 200, input_tokens: 36, output_tokens: 15, attempts: 3, usage_estimated: false });
  });

  it("fans out a Gemini stream: every choice's chunks with its index, one summed usage chunk, [DONE]", async () => {
    const before = await balanceOf(t.customer.walletId);
    const stream = await openaiClient(t.relay, t.customer.secret).chat.completions.create({
      model: "n-gemini",
      messages: [{ role: "user", content: "Hi" }],
      n: 2,
      stream: true,
      stream_options: { include_usage: true },
    });
    const text = ["", ""];
    const finishes: (string | null)[] = [];
    const usages: unknown[] = [];
    const ids = new Set<string>();
    for await (const chunk of stream) {
      ids.add(chunk.id);
      if (chunk.usage) usages.push(chunk.usage);
      for (const choice of chunk.choices) {
        text[choice.index] += choice.delta.content ?? "";
        if (choice.finish_reason) finishes.push(choice.finish_reason);
      }
    }
    expect(t.fake.requests.map((r) => r.path)).toEqual(Array(2).fill("/v1beta/models/n-gemini:streamGenerateContent?alt=sse"));
    expect(text).toEqual([DEFAULT_TEXT, DEFAULT_TEXT]);
    expect(finishes).toEqual(["stop", "stop"]);
    expect(ids.size).toBe(1);
    expect(usages).toEqual([expect.objectContaining({ prompt_tokens: 24, completion_tokens: 10 })]);
    expect(await balanceOf(t.customer.walletId)).toBe(before - testCost({ input: 24, output: 10 }));
    expect(await lastLog(t.customer.keyId)).toMatchObject({ status: 200, is_stream: true, input_tokens: 24, output_tokens: 10, usage_estimated: false });
  });

  it("a fanned-out stream with one choice cut reaches the client as an error and is billed for what was delivered", async () => {
    t.fake.queue({}, { cutAfterChunks: 2, chunkDelayMs: 20 });
    const before = await balanceOf(t.customer.walletId);
    const stream = await openaiClient(t.relay, t.customer.secret).chat.completions.create({ model: "n-claude", messages: [{ role: "user", content: "Hi" }], n: 2, max_tokens: 100, stream: true });
    await expect(
      (async () => {
        for await (const chunk of stream) void chunk;
      })(),
    ).rejects.toThrow(/interrupted/);
    const log = await lastLog(t.customer.keyId);
    expect(log).toMatchObject({ status: 502, error_code: "cut", usage_estimated: true });
    expect(log.cost).toBeGreaterThan(0n);
    expect(await balanceOf(t.customer.walletId)).toBe(before - log.cost);
  });

  it("a choice that cannot be served fails the whole request, at no cost", async () => {
    t.fake.queue({ status: 500 });
    const before = await balanceOf(t.customer.walletId);
    await expect(openaiClient(t.relay, t.customer.secret).chat.completions.create({ model: "n-gemini", messages: [{ role: "user", content: "Hi" }], n: 2 })).rejects.toMatchObject({ status: 502 });
    expect(await balanceOf(t.customer.walletId)).toBe(before);
    expect(await lastLog(t.customer.keyId)).toMatchObject({ status: 502, cost: 0n });
  });

  it("holds n times the worst case: a balance that covers one choice but not three is refused", async () => {
    await createModel({ id: "n-big", maxOutputTokens: 100_000 });
    await addChannel({ fake: t.fake, type: "anthropic", models: ["n-big"] });
    const small = await createCustomer({ balance: 250_000n }); // one choice's hold is ~200k micro-units
    const client = openaiClient(t.relay, small.secret);
    await expect(client.chat.completions.create({ model: "n-big", messages: [{ role: "user", content: "Hi" }], n: 3 })).rejects.toMatchObject({ status: 402 });
    expect(t.fake.requests).toHaveLength(0);
    await client.chat.completions.create({ model: "n-big", messages: [{ role: "user", content: "Hi" }], n: 1 });
    expect(t.fake.requests).toHaveLength(1);
  });
});
