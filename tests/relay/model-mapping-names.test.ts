import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FakeUpstream } from "../fakes/upstream";
import { DEFAULT_TEXT } from "../fakes/upstream-types";
import { addChannel, anthropicClient, balanceOf, createCustomer, createModel, lastLog, openaiClient, startFakeUpstream, startRelay, testCost, type Customer, type Relay } from "./support/harness";

/** A channel's model mapping is the operator's business: the customer always gets back the name it asked for. */
describe("mapped model names in responses", () => {
  let relay: Relay;
  let fake: FakeUpstream;
  let customer: Customer;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    relay = await startRelay();
    for (const id of ["house-gpt", "house-claude", "house-chat-only"]) await createModel({ id });
    await createModel({ id: "house-embed", kind: "embedding", maxOutputTokens: 0 });
    await addChannel({ fake, type: "openai", models: ["house-gpt", "house-embed"], supportsResponses: true, modelMapping: { "house-gpt": "gpt-upstream", "house-embed": "embed-upstream" } });
    await addChannel({ fake, type: "openai", models: ["house-chat-only"], modelMapping: { "house-chat-only": "chat-upstream" } });
    await addChannel({ fake, type: "anthropic", models: ["house-claude"], modelMapping: { "house-claude": "claude-upstream" } });
    customer = await createCustomer({ balance: 5_000_000n });
  });

  afterEach(() => fake.reset());

  afterAll(async () => {
    await relay.close();
    await fake.close();
  });

  const upstreamModel = () => (fake.requests.at(-1)?.body as { model?: string }).model;

  it("chat completions, JSON and streamed (with and without the usage chunk), billed exactly", async () => {
    const client = openaiClient(relay, customer.secret);
    const json = await client.chat.completions.create({ model: "house-gpt", messages: [{ role: "user", content: "Hi" }] });
    expect(upstreamModel()).toBe("gpt-upstream");
    expect(json.model).toBe("house-gpt");
    expect(json.choices[0].message.content).toBe(DEFAULT_TEXT);

    const before = await balanceOf(customer.walletId);
    const stream = await client.chat.completions.create({ model: "house-gpt", messages: [{ role: "user", content: "Hi" }], stream: true });
    const models = new Set<string>();
    let text = "";
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      models.add(chunk.model);
      expect(chunk.choices.length).toBeGreaterThan(0); // the usage chunk it did not ask for is still dropped
      text += chunk.choices[0].delta.content ?? "";
    }
    expect([...models]).toEqual(["house-gpt"]);
    expect(text).toBe(DEFAULT_TEXT);
    expect(chunks).toBe(7);
    const cost = testCost({ input: 12, output: 5 });
    expect(await balanceOf(customer.walletId)).toBe(before - cost);
    expect(await lastLog(customer.keyId)).toMatchObject({ model: "house-gpt", is_stream: true, status: 200, output_tokens: 5, cost, usage_estimated: false });

    const withUsage = await client.chat.completions.create({ model: "house-gpt", messages: [{ role: "user", content: "Hi" }], stream: true, stream_options: { include_usage: true } });
    let usage: { model: string; usage: unknown } | null = null;
    for await (const chunk of withUsage) if (chunk.usage) usage = { model: chunk.model, usage: chunk.usage };
    expect(usage).toMatchObject({ model: "house-gpt", usage: { prompt_tokens: 12, completion_tokens: 5 } });

    // an upstream that ignores stream_options: the relay's own usage chunk, before [DONE], under the asked-for name too
    fake.setBehavior({ omitUsage: true });
    const counted = await client.chat.completions.create({ model: "house-gpt", messages: [{ role: "user", content: "Hi" }], stream: true, stream_options: { include_usage: true } });
    const last: { model: string; choices: unknown[]; usage?: unknown }[] = [];
    for await (const chunk of counted) last.push(chunk);
    const log = await lastLog(customer.keyId);
    expect(log).toMatchObject({ model: "house-gpt", status: 200, usage_estimated: true });
    expect(last.at(-1)).toMatchObject({ model: "house-gpt", choices: [], usage: { prompt_tokens: log.input_tokens, completion_tokens: log.output_tokens } });
  });

  it("responses, native and converted for a chat-only channel, JSON and streamed", async () => {
    const client = openaiClient(relay, customer.secret);
    for (const model of ["house-gpt", "house-chat-only"]) {
      const json = await client.responses.create({ model, input: "Hi" });
      expect(json.model, model).toBe(model);
      expect(json.output_text).toBe(DEFAULT_TEXT);
      const stream = await client.responses.create({ model, input: "Hi", stream: true });
      const named: string[] = [];
      for await (const event of stream) if ("response" in event) named.push(event.response.model);
      expect(named.length, model).toBeGreaterThan(1);
      expect(new Set(named), model).toEqual(new Set([model]));
    }
    expect(upstreamModel()).toBe("chat-upstream");
  });

  it("Anthropic messages natively, and OpenAI chat converted to the Anthropic channel", async () => {
    const anthropic = anthropicClient(relay, customer.secret);
    const message = await anthropic.messages.create({ model: "house-claude", max_tokens: 100, messages: [{ role: "user", content: "Hi" }] });
    expect(upstreamModel()).toBe("claude-upstream");
    expect(message.model).toBe("house-claude");
    const final = await anthropic.messages.stream({ model: "house-claude", max_tokens: 100, messages: [{ role: "user", content: "Hi" }] }).finalMessage();
    expect(final.model).toBe("house-claude");
    expect(await lastLog(customer.keyId)).toMatchObject({ model: "house-claude", is_stream: true, status: 200, usage_estimated: false });

    const chat = await openaiClient(relay, customer.secret).chat.completions.create({ model: "house-claude", max_tokens: 100, messages: [{ role: "user", content: "Hi" }] });
    expect(chat.model).toBe("house-claude");
  });

  it("embeddings", async () => {
    const response = await openaiClient(relay, customer.secret).embeddings.create({ model: "house-embed", input: "Hi" });
    expect(upstreamModel()).toBe("embed-upstream");
    expect(response.model).toBe("house-embed");
  });
});
