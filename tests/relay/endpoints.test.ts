import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FakeUpstream } from "../fakes/upstream";
import { DEFAULT_TEXT } from "../fakes/upstream-types";
import { addChannel, anthropicClient, balanceOf, createCustomer, createModel, lastLog, openaiClient, startFakeUpstream, startRelay, testCost, type Customer, type Relay } from "./support/harness";

describe("responses, models, embeddings, images", () => {
  let relay: Relay;
  let fake: FakeUpstream;
  let customer: Customer;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    relay = await startRelay();
    for (const id of ["resp-native", "resp-chat", "resp-claude", "hidden-model"]) await createModel({ id });
    await createModel({ id: "embed-test", kind: "embedding", maxOutputTokens: 0 });
    await createModel({ id: "image-test", kind: "image", maxOutputTokens: 0, perImage: 40_000n });
    await addChannel({ fake, type: "openai", models: ["resp-native"], supportsResponses: true });
    await addChannel({ fake, type: "openai", models: ["resp-chat", "embed-test", "image-test"] });
    await addChannel({ fake, type: "anthropic", models: ["resp-claude"] });
    customer = await createCustomer({ balance: 5_000_000n });
  });

  afterEach(() => fake.reset());

  afterAll(async () => {
    await relay.close();
    await fake.close();
  });

  it("passes /v1/responses through to a channel that speaks it, JSON and stream", async () => {
    const client = openaiClient(relay, customer.secret);
    const response = await client.responses.create({ model: "resp-native", input: "Hi", instructions: "Be kind" });
    expect(fake.requests.at(-1)?.path).toBe("/v1/responses");
    expect(response.output_text).toBe(DEFAULT_TEXT);
    const stream = await client.responses.create({ model: "resp-native", input: "Hi", stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
    expect(await lastLog(customer.keyId)).toMatchObject({ endpoint: "responses", is_stream: true, input_tokens: 12, output_tokens: 5, usage_estimated: false });
  });

  it("converts /v1/responses for a chat-only channel: the event sequence Codex needs, function calls, usage", async () => {
    const client = openaiClient(relay, customer.secret);
    fake.setBehavior({ reasoning: "Hmm" });
    const stream = await client.responses.create({
      model: "resp-chat",
      instructions: "You are Codex.",
      input: [
        { role: "user", content: [{ type: "input_text", text: "List files" }] },
        { type: "function_call", call_id: "call_a", name: "shell", arguments: '{"cmd":["ls"]}' },
        { type: "function_call_output", call_id: "call_a", output: "README.md" },
      ],
      tools: [
        { type: "function", name: "shell", description: "Run", parameters: { type: "object", properties: { cmd: { type: "array", items: { type: "string" } } } }, strict: false },
        { type: "custom", name: "apply_patch", description: "Patch files" },
      ],
      stream: true,
    });
    const types: string[] = [];
    const completed: { usage?: unknown }[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.completed") completed.push(event.response as { usage?: unknown });
    }
    expect(fake.requests.at(-1)?.body).toMatchObject({
      messages: [
        { role: "system", content: "You are Codex." },
        { role: "user", content: "List files" },
        { role: "assistant", tool_calls: [{ id: "call_a", function: { name: "shell", arguments: '{"cmd":["ls"]}' } }] },
        { role: "tool", tool_call_id: "call_a", content: "README.md" },
      ],
      tools: [{ function: { name: "shell" } }, { function: { name: "apply_patch", parameters: { required: ["input"] } } }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(types).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.done",
      "response.reasoning_summary_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.content_part.added",
      ...Array(5).fill("response.output_text.delta"),
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(completed[0]?.usage).toMatchObject({ input_tokens: 12, output_tokens: 8, output_tokens_details: { reasoning_tokens: 3 } });

    fake.setBehavior({ toolCall: { name: "apply_patch", arguments: { input: "*** Begin Patch" } } });
    const json = await client.responses.create({ model: "resp-chat", input: "Fix it", tools: [{ type: "custom", name: "apply_patch" }] });
    expect(json.output.find((item) => item.type === "custom_tool_call")).toMatchObject({ type: "custom_tool_call", call_id: "call_fake1", name: "apply_patch", input: "*** Begin Patch" });
    fake.setBehavior({ toolCall: { name: "shell", arguments: { cmd: ["pwd"] } } });
    const call = await client.responses.create({ model: "resp-chat", input: "Where am I?", tools: [{ type: "function", name: "shell", parameters: {}, strict: false }], stream: true });
    const items: unknown[] = [];
    for await (const event of call) if (event.type === "response.output_item.done") items.push(event.item);
    expect(items).toContainEqual(expect.objectContaining({ type: "function_call", call_id: "call_fake1", name: "shell", arguments: '{"cmd":["pwd"]}' }));
  });

  it("serves /v1/responses from an Anthropic channel", async () => {
    const response = await openaiClient(relay, customer.secret).responses.create({ model: "resp-claude", input: "Hi", max_output_tokens: 64 });
    expect(fake.requests.at(-1)?.path).toBe("/v1/messages");
    expect(fake.requests.at(-1)?.body).toMatchObject({ max_tokens: 64, messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }] });
    expect(response.output_text).toBe(DEFAULT_TEXT);
    expect(response.usage).toMatchObject({ input_tokens: 12, output_tokens: 5 });
  });

  it("lists only the models the key may use, in OpenAI's and Anthropic's shapes", async () => {
    const all = await openaiClient(relay, customer.secret).models.list();
    const ids = all.data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(["resp-native", "resp-chat", "resp-claude", "embed-test", "image-test"]));
    expect(ids).not.toContain("hidden-model"); // priced but no channel serves it
    const limited = await createCustomer({ key: { allowedModels: ["resp-chat"] } });
    const page = await openaiClient(relay, limited.secret).models.list();
    expect(page.data.map((m) => m.id)).toEqual(["resp-chat"]);
    expect(page.data[0]).toMatchObject({ object: "model", owned_by: "test" });
    const anthropicModels = await anthropicClient(relay, limited.secret).models.list();
    expect(anthropicModels.data.map((m) => m.id)).toEqual(["resp-chat"]);
    expect((await openaiClient(relay, limited.secret).models.retrieve("resp-chat")).id).toBe("resp-chat");
  });

  it("relays embeddings (the SDK's base64 encoding included) and bills input tokens", async () => {
    const before = await balanceOf(customer.walletId);
    const result = await openaiClient(relay, customer.secret).embeddings.create({ model: "embed-test", input: ["one", "two"] });
    expect(result.data).toHaveLength(2);
    expect(result.data[0].embedding[0]).toBeCloseTo(0.1);
    expect(await balanceOf(customer.walletId)).toBe(before - testCost({ input: 8, output: 0 }));
    expect(await lastLog(customer.keyId)).toMatchObject({ endpoint: "embeddings", input_tokens: 8, output_tokens: 0 });
  });

  it("relays image generation and bills per image", async () => {
    const before = await balanceOf(customer.walletId);
    const result = await openaiClient(relay, customer.secret).images.generate({ model: "image-test", prompt: "a red fox", n: 2, response_format: "b64_json" });
    expect(result.data).toHaveLength(2);
    expect(await balanceOf(customer.walletId)).toBe(before - 80_000n);
    expect(await lastLog(customer.keyId)).toMatchObject({ endpoint: "images.generations", image_count: 2, cost: 80_000n });
  });
});
