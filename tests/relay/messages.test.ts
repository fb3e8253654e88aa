import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FakeUpstream } from "../fakes/upstream";
import { DEFAULT_TEXT } from "../fakes/upstream-types";
import { addChannel, anthropicClient, balanceOf, createCustomer, createModel, lastLog, startFakeUpstream, startRelay, testCost, type Customer, type Relay } from "./support/harness";

describe("POST /v1/messages (Anthropic protocol)", () => {
  let relay: Relay;
  let fake: FakeUpstream;
  let customer: Customer;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    relay = await startRelay();
    await createModel({ id: "claude-test" });
    await createModel({ id: "claude-mapped" });
    await addChannel({ fake, type: "anthropic", models: ["claude-test", "claude-mapped"], modelMapping: { "claude-mapped": "claude-upstream-name" } });
    customer = await createCustomer({ balance: 5_000_000n });
  });

  afterEach(() => fake.reset());

  afterAll(async () => {
    await relay.close();
    await fake.close();
  });

  it("passes the request through untouched: cache_control, thinking blocks with signatures, tool blocks, beta headers, ?beta=true", async () => {
    fake.setBehavior({ cacheReadTokens: 100, cacheWriteTokens: 40, reasoning: "Let me think." });
    const request = {
      model: "claude-test",
      max_tokens: 200,
      system: [{ type: "text" as const, text: "You are terse.", cache_control: { type: "ephemeral" as const } }],
      thinking: { type: "enabled" as const, budget_tokens: 1024 },
      tools: [{ name: "get_weather", description: "Weather", input_schema: { type: "object" as const, properties: { city: { type: "string" } } } }],
      messages: [
        { role: "user" as const, content: "Weather in Paris?" },
        {
          role: "assistant" as const,
          content: [
            { type: "thinking" as const, thinking: "The user wants weather.", signature: "sig-abc" },
            { type: "tool_use" as const, id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
          ],
        },
        { role: "user" as const, content: [{ type: "tool_result" as const, tool_use_id: "toolu_1", content: "Sunny", cache_control: { type: "ephemeral" as const } }] },
      ],
    };
    const client = anthropicClient(relay, customer.secret);
    const before = await balanceOf(customer.walletId);
    const message = await client.beta.messages.create({ ...request, betas: ["interleaved-thinking-2025-05-14"] });
    expect(message.content.map((b) => b.type)).toEqual(["thinking", "text"]);
    expect(message.content[0]).toMatchObject({ type: "thinking", signature: "EqQBCgIYAhIM-fake-signature" });
    expect(message.usage).toMatchObject({ input_tokens: 12, cache_read_input_tokens: 100, cache_creation_input_tokens: 40 });
    const upstream = fake.requests.at(-1);
    expect(upstream?.path).toBe("/v1/messages");
    expect(upstream?.body).toEqual(request);
    expect(upstream?.headers["anthropic-beta"]).toBe("interleaved-thinking-2025-05-14");
    expect(upstream?.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(upstream?.headers["x-api-key"]).toMatch(/^upstream-secret-/);
    const cost = testCost({ input: 12, output: 8, cacheRead: 100, cacheWrite: 40 });
    expect(await balanceOf(customer.walletId)).toBe(before - cost);
    expect(await lastLog(customer.keyId)).toMatchObject({ endpoint: "messages", input_tokens: 12, cache_read_tokens: 100, cache_write_tokens: 40, output_tokens: 8, cost });
  });

  it("streams natively with every event, and applies the model mapping", async () => {
    fake.setBehavior({ reasoning: "Hmm.", toolCall: { name: "get_weather", arguments: { city: "Oslo" } } });
    const client = anthropicClient(relay, customer.secret);
    const stream = client.messages.stream({ model: "claude-mapped", max_tokens: 100, messages: [{ role: "user", content: "Hi" }] });
    const types: string[] = [];
    stream.on("streamEvent", (event) => types.push(event.type));
    const final = await stream.finalMessage();
    expect(types[0]).toBe("message_start");
    expect(types.at(-1)).toBe("message_stop");
    expect(final.content.map((b) => b.type)).toEqual(["thinking", "text", "tool_use"]);
    expect(final.content[2]).toMatchObject({ name: "get_weather", input: { city: "Oslo" } });
    expect((final.content[0] as { signature: string }).signature).toBe("EqQBCgIYAhIM-fake-signature");
    expect((fake.requests.at(-1)?.body as { model: string }).model).toBe("claude-upstream-name");
    expect(await lastLog(customer.keyId)).toMatchObject({ model: "claude-mapped", is_stream: true, status: 200, output_tokens: 13, usage_estimated: false });
  });

  it("accepts ?beta=true and x-api-key auth, as Claude Code sends them, and forwards the stream byte for byte", async () => {
    const response = await fetch(`${relay.url}/v1/messages?beta=true`, {
      method: "POST",
      headers: { "x-api-key": customer.secret, "anthropic-version": "2023-06-01", "anthropic-beta": "fine-grained-tool-streaming-2025-05-14", "content-type": "application/json" },
      body: JSON.stringify({ model: "claude-test", max_tokens: 50, stream: true, messages: [{ role: "user", content: "Hi" }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const wire = await response.text();
    expect(wire).toContain("event: ping\ndata: {\"type\":\"ping\"}\n\n");
    expect(wire.startsWith("event: message_start\n")).toBe(true);
    expect(wire.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBe(true);
    expect(fake.requests.at(-1)?.headers["anthropic-version"]).toBe("2023-06-01");
    expect(fake.requests.at(-1)?.headers["anthropic-beta"]).toBe("fine-grained-tool-streaming-2025-05-14");
    const json = await fetch(`${relay.url}/v1/messages?beta=true`, {
      method: "POST",
      headers: { authorization: `Bearer ${customer.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "claude-test", max_tokens: 50, messages: [{ role: "user", content: "Hi" }] }),
    });
    expect(((await json.json()) as { content: { text: string }[] }).content[0].text).toBe(DEFAULT_TEXT);
  });

  it("counts tokens through the Anthropic channel, free of charge", async () => {
    const before = await balanceOf(customer.walletId);
    fake.setBehavior({ inputTokens: 42 });
    const count = await anthropicClient(relay, customer.secret).messages.countTokens({ model: "claude-test", messages: [{ role: "user", content: "How many tokens?" }] });
    expect(count.input_tokens).toBe(42);
    expect(fake.requests.at(-1)?.path).toBe("/v1/messages/count_tokens");
    expect(await balanceOf(customer.walletId)).toBe(before);
  });

  it("serves a dated snapshot name (what Claude Code asks for by default) as the catalog's undated model", async () => {
    const restricted = await createCustomer({ key: { allowedModels: ["claude-test", "claude-mapped"] } });
    const client = anthropicClient(relay, restricted.secret);
    const before = await balanceOf(restricted.walletId);
    const message = await client.messages.create({ model: "claude-test-20250929", max_tokens: 100, messages: [{ role: "user", content: "Hi" }] });
    expect(message.model).toBe("claude-test");
    expect((fake.requests.at(-1)?.body as { model: string }).model).toBe("claude-test");
    expect(await balanceOf(restricted.walletId)).toBe(before - testCost({ input: 12, output: 5 }));
    expect(await lastLog(restricted.keyId)).toMatchObject({ model: "claude-test", status: 200 });
    // the channel's mapping applies to the undated name, streamed too
    const final = await client.messages.stream({ model: "claude-mapped-20251001", max_tokens: 100, messages: [{ role: "user", content: "Hi" }] }).finalMessage();
    expect(final.model).toBe("claude-mapped");
    expect((fake.requests.at(-1)?.body as { model: string }).model).toBe("claude-upstream-name");
    // a dated name whose undated model is not in the catalog is still unknown; so is a date on a non-catalog name
    for (const model of ["claude-unknown-20250929", "claude-test-2025"]) {
      const error = await anthropicClient(relay, customer.secret).messages.create({ model, max_tokens: 10, messages: [{ role: "user", content: "Hi" }] }).catch((e: unknown) => e);
      expect(error, model).toMatchObject({ status: 404 });
    }
  });

  it("keeps a dated name the catalog lists as its own model", async () => {
    await createModel({ id: "claude-test-20240101" });
    await addChannel({ fake, type: "anthropic", models: ["claude-test-20240101"] });
    const message = await anthropicClient(relay, customer.secret).messages.create({ model: "claude-test-20240101", max_tokens: 100, messages: [{ role: "user", content: "Hi" }] });
    expect(message.model).toBe("claude-test-20240101");
    expect(await lastLog(customer.keyId)).toMatchObject({ model: "claude-test-20240101", status: 200 });
  });
});
