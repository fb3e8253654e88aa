import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeUpstream } from "../fakes/upstream";
import { DEFAULT_TEXT } from "../fakes/upstream-types";
import { addChannel, balanceOf, createCustomer, createModel, lastLog, openaiClient, startFakeUpstream, startRelay, testCost, type Customer, type Relay } from "./support/harness";

describe("POST /v1/chat/completions through an OpenAI channel", () => {
  let relay: Relay;
  let fake: FakeUpstream;
  let customer: Customer;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    relay = await startRelay();
    await createModel({ id: "gpt-test" });
    await addChannel({ fake, type: "openai", models: ["gpt-test"], modelMapping: {} });
    customer = await createCustomer({ balance: 5_000_000n });
  });

  afterAll(async () => {
    await relay.close();
    await fake.close();
  });

  it("answers JSON, bills the upstream's usage and logs one row", async () => {
    const before = await balanceOf(customer.walletId);
    const response = await openaiClient(relay, customer.secret).chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content: "Hi" }] }).withResponse();
    expect(response.data.choices[0].message.content).toBe(DEFAULT_TEXT);
    expect(response.response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
    // the body's length is declared: it is not sent as a chunked body
    expect(Number(response.response.headers.get("content-length"))).toBeGreaterThan(100);
    expect(response.response.headers.get("transfer-encoding")).toBeNull();
    const cost = testCost({ input: 12, output: 5 });
    expect(await balanceOf(customer.walletId)).toBe(before - cost);
    const log = await lastLog(customer.keyId);
    expect(log).toMatchObject({ request_id: response.response.headers.get("x-request-id"), endpoint: "chat.completions", model: "gpt-test", status: 200, input_tokens: 12, output_tokens: 5, cost, is_stream: false, attempts: 1, usage_estimated: false });
    expect(fake.requests.at(-1)?.headers.authorization).toMatch(/^Bearer upstream-secret-/);
  });

  it("streams, asks the upstream for usage and does not forward the usage chunk the client did not ask for", async () => {
    const before = await balanceOf(customer.walletId);
    const stream = await openaiClient(relay, customer.secret).chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content: "Hi" }], stream: true });
    let text = "";
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      expect(chunk.choices.length).toBeGreaterThan(0);
      text += chunk.choices[0].delta.content ?? "";
    }
    expect(text).toBe(DEFAULT_TEXT);
    expect(chunks).toBe(7); // role, 5 deltas, finish
    expect((fake.requests.at(-1)?.body as { stream_options?: unknown }).stream_options).toEqual({ include_usage: true });
    const cost = testCost({ input: 12, output: 5 });
    expect(await balanceOf(customer.walletId)).toBe(before - cost);
    expect(await lastLog(customer.keyId)).toMatchObject({ is_stream: true, status: 200, output_tokens: 5, cost, usage_estimated: false });
  });

  it("forwards the usage chunk when the client asked for it", async () => {
    const stream = await openaiClient(relay, customer.secret).chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content: "Hi" }], stream: true, stream_options: { include_usage: true } });
    let usage: unknown = null;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    expect(usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 5 });
  });

  it("still sends the usage chunk the client asked for when the upstream ignores stream_options: the relay's count, as billed", async () => {
    fake.setBehavior({ omitUsage: true });
    try {
      const before = await balanceOf(customer.walletId);
      const stream = await openaiClient(relay, customer.secret).chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content: "Hi" }], stream: true, stream_options: { include_usage: true } });
      const chunks: { choices: unknown[]; model: string; usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null }[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      expect(chunks.slice(0, -1).every((chunk) => chunk.choices.length > 0 && !chunk.usage)).toBe(true);
      const last = chunks.at(-1)!;
      expect(last).toMatchObject({ choices: [], model: "gpt-test" });
      const log = await lastLog(customer.keyId);
      expect(log).toMatchObject({ status: 200, usage_estimated: true });
      expect(log.output_tokens).toBeGreaterThan(0);
      expect(last.usage).toEqual(expect.objectContaining({ prompt_tokens: log.input_tokens, completion_tokens: log.output_tokens, total_tokens: log.input_tokens + log.output_tokens }));
      expect(await balanceOf(customer.walletId)).toBe(before - testCost({ input: log.input_tokens, output: log.output_tokens }));
    } finally {
      fake.setBehavior({});
    }
  });
});
