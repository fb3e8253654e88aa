/**
 * What LangChain JS and the Vercel AI SDK send and read, at the wire level (bodies captured from @langchain/openai,
 * @langchain/anthropic, ai + @ai-sdk/openai / @ai-sdk/anthropic against this relay), through converting channels:
 * structured outputs keep their schema across protocols, and a converted Anthropic stream reports the prompt's
 * input tokens in message_start, where LangChain's ChatAnthropic reads them.
 */
import { describe, expect, it } from "vitest";
import { addChannel, balanceOf, createModel, lastLog, testCost, useRelay } from "./support/harness";

const PERSON = '{"name":"Ann","age":30}';

/** the JSON schema zod-to-json-schema makes for z.object({ name: z.string(), age: z.number() }) (the AI SDK's) */
const SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  properties: { name: { type: "string" }, age: { type: "number" } },
  required: ["name", "age"],
  additionalProperties: false,
};

describe("client libraries through converting channels", () => {
  const suite = useRelay(async (fake) => {
    await createModel({ id: "lib-openai" });
    await createModel({ id: "lib-claude" });
    await addChannel({ fake, type: "openai", models: ["lib-openai"], supportsResponses: false });
    await addChannel({ fake, type: "anthropic", models: ["lib-claude"] });
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${suite.relay.url}${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${suite.customer.secret}`, ...headers }, body: JSON.stringify(body) });

  it("chat response_format json_schema (LangChain withStructuredOutput jsonSchema, AI SDK openai.chat generateObject) reaches an Anthropic channel as output_config.format", async () => {
    suite.fake.setBehavior({ text: PERSON, chunks: 1 });
    const before = await balanceOf(suite.customer.walletId);
    const response = await post("/v1/chat/completions", {
      model: "lib-claude",
      stream: false,
      response_format: { type: "json_schema", json_schema: { name: "extract", strict: true, schema: SCHEMA } },
      messages: [{ role: "user", content: "A person, as JSON" }],
    });
    expect(response.status).toBe(200);
    const json = (await response.json()) as { choices: { message: { content: string }; finish_reason: string }[] };
    expect(JSON.parse(json.choices[0].message.content)).toEqual({ name: "Ann", age: 30 });
    expect(json.choices[0].finish_reason).toBe("stop");
    const upstream = suite.fake.requests.at(-1);
    expect(upstream?.path).toBe("/v1/messages");
    expect((upstream?.body as Record<string, unknown>).output_config).toEqual({ format: { type: "json_schema", schema: SCHEMA } });
    expect((upstream?.body as Record<string, unknown>).response_format).toBeUndefined();
    const cost = testCost({ input: 12, output: 1 });
    expect(before - (await balanceOf(suite.customer.walletId))).toBe(cost);
    expect(await lastLog(suite.customer.keyId)).toMatchObject({ endpoint: "chat.completions", model: "lib-claude", status: 200, input_tokens: 12, output_tokens: 1, cost });
  });

  it("a json_object response_format has no Anthropic equivalent and is left out rather than refused", async () => {
    const response = await post("/v1/chat/completions", { model: "lib-claude", response_format: { type: "json_object" }, messages: [{ role: "user", content: "JSON please" }] });
    expect(response.status).toBe(200);
    const body = suite.fake.requests.at(-1)?.body as Record<string, unknown>;
    expect(body.output_config).toBeUndefined();
    expect(body.response_format).toBeUndefined();
  });

  it("Responses text.format json_schema (the AI SDK's openai(model) generateObject), streamed, reaches an Anthropic channel as output_config.format", async () => {
    suite.fake.setBehavior({ text: PERSON, chunks: 3 });
    const response = await post("/v1/responses", {
      model: "lib-claude",
      input: [{ role: "user", content: [{ type: "input_text", text: "A person" }] }],
      text: { format: { type: "json_schema", strict: true, name: "response", schema: SCHEMA } },
      stream: true,
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain("response.completed");
    const upstream = suite.fake.requests.at(-1);
    expect(upstream?.path).toBe("/v1/messages");
    expect((upstream?.body as Record<string, unknown>).output_config).toEqual({ format: { type: "json_schema", schema: SCHEMA } });
    expect(await lastLog(suite.customer.keyId)).toMatchObject({ endpoint: "responses", status: 200, input_tokens: 12, output_tokens: 3, cost: testCost({ input: 12, output: 3 }) });
  });

  it("Anthropic output_config.format (LangChain ChatAnthropic withStructuredOutput, the AI SDK's anthropic provider) reaches an OpenAI channel as a json_schema response_format", async () => {
    suite.fake.setBehavior({ text: PERSON, chunks: 1 });
    // the body @langchain/anthropic sent for withStructuredOutput(schema, { method: "jsonSchema" })
    const schema = { type: "object", properties: { name: { type: "string" }, age: { type: "number" } }, additionalProperties: false, required: ["name", "age"] };
    const response = await post(
      "/v1/messages",
      { model: "lib-openai", stream: false, max_tokens: 4096, output_config: { format: { type: "json_schema", schema } }, messages: [{ role: "user", content: "A person, as JSON" }] },
      { "anthropic-version": "2023-06-01" },
    );
    expect(response.status).toBe(200);
    const message = (await response.json()) as { content: { type: string; text: string }[]; stop_reason: string };
    expect(JSON.parse(message.content[0].text)).toEqual({ name: "Ann", age: 30 });
    expect(message.stop_reason).toBe("end_turn");
    const upstream = suite.fake.requests.at(-1);
    expect(upstream?.path).toBe("/v1/chat/completions");
    expect((upstream?.body as Record<string, unknown>).response_format).toEqual({ type: "json_schema", json_schema: { name: "response", schema } });
    expect((upstream?.body as Record<string, unknown>).output_config).toBeUndefined();
    expect(await lastLog(suite.customer.keyId)).toMatchObject({ endpoint: "messages", status: 200, input_tokens: 12, output_tokens: 1, cost: testCost({ input: 12, output: 1 }) });
  });

  it("a converted Anthropic stream reports input tokens in message_start (LangChain reads them only there) and the upstream's count in message_delta", async () => {
    suite.fake.setBehavior({ chunks: 5 });
    const before = await balanceOf(suite.customer.walletId);
    // the body @langchain/anthropic sends for ChatAnthropic.stream("Hi")
    const response = await post("/v1/messages", { model: "lib-openai", max_tokens: 2048, stream: true, messages: [{ role: "user", content: "Hi" }] }, { "anthropic-version": "2023-06-01" });
    expect(response.status).toBe(200);
    const events = (await response.text())
      .split("\n")
      .filter((line) => line.startsWith("data: "))
      .map((line) => JSON.parse(line.slice(6)) as { type: string; message?: { usage: { input_tokens: number } }; usage?: { input_tokens: number; output_tokens: number } });
    const start = events.find((e) => e.type === "message_start");
    const delta = events.find((e) => e.type === "message_delta");
    expect(start?.message?.usage.input_tokens).toBeGreaterThan(0);
    expect(delta?.usage).toMatchObject({ input_tokens: 12, output_tokens: 5 });
    const cost = testCost({ input: 12, output: 5 });
    expect(before - (await balanceOf(suite.customer.walletId))).toBe(cost);
    expect(await lastLog(suite.customer.keyId)).toMatchObject({ endpoint: "messages", is_stream: true, status: 200, input_tokens: 12, output_tokens: 5, cost, usage_estimated: false });
  });
});
