import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../lib/db";
import { sweepExpiredResponses } from "../../lib/relay/response-store";
import type { FakeUpstream } from "../fakes/upstream";
import { DEFAULT_TEXT } from "../fakes/upstream-types";
import { addChannel, balanceOf, createCustomer, createModel, lastLog, logsOf, openaiClient, relayIdle, startFakeUpstream, startRelay, testCost, type Customer, type Relay } from "./support/harness";

type ChatBody = { messages: { role: string; content: unknown; tool_calls?: unknown[] }[] };

describe("previous_response_id and the response store", () => {
  let relay: Relay;
  let fake: FakeUpstream;
  let second: FakeUpstream;
  let customer: Customer;
  let nativeA: string;
  let nativeB: string;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    second = await startFakeUpstream();
    relay = await startRelay();
    for (const id of ["store-chat", "store-claude", "store-native"]) await createModel({ id });
    await addChannel({ fake, type: "openai", models: ["store-chat"] });
    await addChannel({ fake, type: "anthropic", models: ["store-claude"] });
    nativeA = (await addChannel({ fake, type: "openai", models: ["store-native"], supportsResponses: true, priority: 10 })).id;
    nativeB = (await addChannel({ fake: second, type: "openai", models: ["store-native"], supportsResponses: true, priority: 0 })).id;
    customer = await createCustomer({ balance: 5_000_000n });
  });

  afterEach(() => {
    fake.reset();
    second.reset();
  });

  afterAll(async () => {
    await relay.close();
    await fake.close();
    await second.close();
  });

  it("continues a converted JSON response: the stored turn goes up before the new input, billed and logged", async () => {
    const client = openaiClient(relay, customer.secret);
    const first = await client.responses.create({ model: "store-chat", instructions: "Be brief", input: "My name is Ada." });
    expect(first.id).toMatch(/^resp_/);
    expect(first).toMatchObject({ store: true, previous_response_id: null });
    const before = await balanceOf(customer.walletId);
    const next = await client.responses.create({ model: "store-chat", previous_response_id: first.id, input: "What is my name?" });
    expect((fake.requests.at(-1)?.body as ChatBody).messages).toEqual([
      { role: "user", content: "My name is Ada." },
      { role: "assistant", content: DEFAULT_TEXT },
      { role: "user", content: "What is my name?" },
    ]);
    expect(next.output_text).toBe(DEFAULT_TEXT);
    expect(await balanceOf(customer.walletId)).toBe(before - testCost({ input: 12, output: 5 }));
    expect(await lastLog(customer.keyId)).toMatchObject({ endpoint: "responses", status: 200, input_tokens: 12, output_tokens: 5 });

    // a third turn carries both earlier turns, through an Anthropic channel this time
    await client.responses.create({ model: "store-claude", previous_response_id: next.id, input: "Thanks", max_output_tokens: 50 });
    const messages = (fake.requests.at(-1)?.body as { messages: { role: string }[] }).messages;
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
  });

  it("stores a streamed converted response with its tool call; GET returns it, DELETE forgets it", async () => {
    const client = openaiClient(relay, customer.secret);
    fake.setBehavior({ toolCall: { name: "shell", arguments: { cmd: ["ls"] } } });
    const stream = await client.responses.create({ model: "store-chat", input: "List files", tools: [{ type: "function", name: "shell", parameters: {}, strict: false }], stream: true });
    let id = "";
    for await (const event of stream) if (event.type === "response.completed") id = event.response.id;
    expect(id).toMatch(/^resp_/);
    fake.setBehavior({});
    const follow = await client.responses.create({
      model: "store-chat",
      previous_response_id: id,
      input: [{ type: "function_call_output", call_id: "call_fake1", output: "README.md" }],
      tools: [{ type: "function", name: "shell", parameters: {}, strict: false }],
      stream: true,
    });
    for await (const event of follow) void event;
    expect((fake.requests.at(-1)?.body as ChatBody).messages).toMatchObject([
      { role: "user", content: "List files" },
      { role: "assistant", tool_calls: [{ id: "call_fake1", function: { name: "shell", arguments: '{"cmd":["ls"]}' } }] },
      { role: "tool", tool_call_id: "call_fake1", content: "README.md" },
    ]);

    const retrieved = await client.responses.retrieve(id);
    expect(retrieved.id).toBe(id);
    expect(retrieved.output).toContainEqual(expect.objectContaining({ type: "function_call", call_id: "call_fake1", name: "shell" }));
    await client.responses.delete(id);
    await expect(client.responses.retrieve(id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client.responses.create({ model: "store-chat", previous_response_id: id, input: "again" })).rejects.toMatchObject({ status: 404, code: "previous_response_not_found" });
  });

  it("keeps the conversation encrypted at rest, scoped to its owner; another customer's id is unknown and costs nothing", async () => {
    const client = openaiClient(relay, customer.secret);
    const secretWords = "The launch code is tangerine-42.";
    const first = await client.responses.create({ model: "store-chat", input: secretWords });
    await relayIdle();
    const { rows } = await sql<{ state: string; owner_id: string; is_converted: boolean; expires_at: Date }>(`select state, owner_id, is_converted, expires_at from relay_responses where id = $1`, [first.id]);
    expect(rows[0]).toMatchObject({ owner_id: customer.userId, is_converted: true });
    expect(rows[0].state.startsWith("v1.")).toBe(true);
    expect(rows[0].state).not.toContain("tangerine");
    expect(Buffer.from(rows[0].state.split(".")[3], "base64url").toString("utf8")).not.toContain("tangerine");
    expect(rows[0].expires_at.getTime() - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);

    const stranger = await createCustomer({ balance: 1_000_000n });
    const before = await balanceOf(stranger.walletId);
    const error = await openaiClient(relay, stranger.secret)
      .responses.create({ model: "store-chat", previous_response_id: first.id, input: "What was the code?" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ status: 404, code: "previous_response_not_found", param: "previous_response_id" });
    expect((error as Error).message).not.toContain("tangerine");
    await expect(openaiClient(relay, stranger.secret).responses.retrieve(first.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect(await balanceOf(stranger.walletId)).toBe(before);
    expect(await lastLog(stranger.keyId)).toMatchObject({ status: 404, error_code: "previous_response_not_found", cost: 0n });
  });

  it("stores nothing when the request says store: false", async () => {
    const client = openaiClient(relay, customer.secret);
    const response = await client.responses.create({ model: "store-chat", input: "Hi", store: false });
    expect(response).toMatchObject({ store: false });
    await relayIdle();
    expect((await sql(`select 1 from relay_responses where id = $1`, [response.id])).rowCount).toBe(0);
    await expect(client.responses.create({ model: "store-chat", previous_response_id: response.id, input: "again" })).rejects.toMatchObject({ status: 404 });
  });

  it("sends a native response's follow-up to the channel that made it, and forwards GET and DELETE there", async () => {
    const client = openaiClient(relay, customer.secret);
    fake.queue({ status: 500 }); // channel A fails: channel B makes the response
    const first = await client.responses.create({ model: "store-native", input: "Hi" });
    expect(second.requests.at(-1)?.path).toBe("/v1/responses");
    await relayIdle();
    const { rows } = await sql<{ channel_id: string; state: string | null }>(`select channel_id, state from relay_responses where id = $1`, [first.id]);
    expect(rows[0]).toEqual({ channel_id: nativeB, state: null });

    fake.reset();
    second.reset();
    const next = await client.responses.create({ model: "store-native", previous_response_id: first.id, input: "And now?", stream: true });
    let nextId = "";
    for await (const event of next) if (event.type === "response.completed") nextId = event.response.id;
    expect(fake.requests).toHaveLength(0);
    expect(second.requests.at(-1)?.body).toMatchObject({ previous_response_id: first.id, input: "And now?" });
    // the streamed one is remembered too (its id comes from response.completed)
    await relayIdle();
    expect((await sql<{ channel_id: string }>(`select channel_id from relay_responses where id = $1`, [nextId])).rows[0]?.channel_id).toBe(nativeB);
    expect((await logsOf(customer.keyId)).at(-1)).toMatchObject({ channel_id: nativeB, attempts: 1, status: 200 });

    const retrieved = await client.responses.retrieve(first.id);
    expect(retrieved).toMatchObject({ id: first.id, object: "response" });
    expect(second.requests.at(-1)).toMatchObject({ method: "GET", path: `/v1/responses/${first.id}` });
    await client.responses.delete(first.id);
    expect(second.requests.at(-1)).toMatchObject({ method: "DELETE" });
    await expect(client.responses.retrieve(first.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect(nativeA).not.toBe(nativeB);
  });

  it("a stored state that no longer decrypts reads as not found, not as a server error", async () => {
    const client = openaiClient(relay, customer.secret);
    const response = await client.responses.create({ model: "store-chat", input: "Hi" });
    await relayIdle();
    await sql(`update relay_responses set state = 'v1.AAAA.AAAA.AAAA' where id = $1`, [response.id]);
    await expect(client.responses.create({ model: "store-chat", previous_response_id: response.id, input: "again" })).rejects.toMatchObject({ status: 404, code: "previous_response_not_found" });
  });

  it("the sweep removes expired responses", async () => {
    const client = openaiClient(relay, customer.secret);
    const response = await client.responses.create({ model: "store-chat", input: "Hi" });
    await relayIdle();
    await sql(`update relay_responses set expires_at = now() - interval '1 second' where id = $1`, [response.id]);
    await expect(client.responses.retrieve(response.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect(await sweepExpiredResponses()).toBeGreaterThanOrEqual(1);
    expect((await sql(`select 1 from relay_responses where id = $1`, [response.id])).rowCount).toBe(0);
  });
});
