/**
 * What LangChain JS and the Vercel AI SDK send and read, at the wire level (bodies captured from @langchain/openai,
 * @langchain/anthropic, ai + @ai-sdk/openai / @ai-sdk/anthropic against this relay), through converting channels:
 * structured outputs keep their schema across protocols, the AI SDK's item_reference to an earlier assistant message
 * reaches a converting channel as that message, and a converted Anthropic stream reports the prompt's
 * input tokens in message_start, where LangChain's ChatAnthropic reads them.
 */
import { describe, expect, it } from "vitest";
import { addChannel, balanceOf, createCustomer, createModel, lastLog, openaiClient, testCost, useRelay } from "./support/harness";

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
    await createModel({ id: "lib-native" });
    await addChannel({ fake, type: "openai", models: ["lib-openai"], supportsResponses: false });
    await addChannel({ fake, type: "openai", models: ["lib-native"], supportsResponses: true });
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

  it("a json_object response_format (JSON mode: LangChain's jsonMode) reaches an Anthropic channel as one forced tool whose input is the answer, JSON and stream", async () => {
    suite.fake.setBehavior({ text: PERSON, chunks: 1 });
    const before = await balanceOf(suite.customer.walletId);
    const response = await post("/v1/chat/completions", { model: "lib-claude", response_format: { type: "json_object" }, messages: [{ role: "user", content: "A person, as JSON" }] });
    expect(response.status).toBe(200);
    const json = (await response.json()) as { choices: { message: { content: string; tool_calls?: unknown }; finish_reason: string }[] };
    expect(JSON.parse(json.choices[0].message.content)).toEqual({ name: "Ann", age: 30 });
    expect(json.choices[0].message.tool_calls).toBeUndefined();
    expect(json.choices[0].finish_reason).toBe("stop");
    const body = suite.fake.requests.at(-1)?.body as Record<string, unknown>;
    expect(body).toMatchObject({ tools: [{ name: "json_answer", input_schema: { type: "object" } }], tool_choice: { type: "tool", name: "json_answer" } });
    expect(body.response_format).toBeUndefined();
    expect(body.output_config).toBeUndefined();
    // billed as the upstream reported (the fake counts the answer as one piece)
    expect(before - (await balanceOf(suite.customer.walletId))).toBe(testCost({ input: 12, output: 1 }));

    // streamed through the OpenAI SDK: the tool's input arrives as the content, in pieces
    const stream = await openaiClient(suite.relay, suite.customer.secret).chat.completions.create({
      model: "lib-claude",
      stream: true,
      response_format: { type: "json_object" },
      messages: [{ role: "user", content: "A person, as JSON" }],
    });
    let text = "";
    let pieces = 0;
    let finish: string | null = null;
    for await (const chunk of stream) {
      expect(chunk.choices[0]?.delta?.tool_calls).toBeUndefined();
      if (chunk.choices[0]?.delta?.content) pieces++;
      text += chunk.choices[0]?.delta?.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(JSON.parse(text)).toEqual({ name: "Ann", age: 30 });
    expect(pieces).toBe(2);
    expect(finish).toBe("stop");
    expect(await lastLog(suite.customer.keyId)).toMatchObject({ endpoint: "chat.completions", model: "lib-claude", status: 200, is_stream: true });
  });

  it("JSON mode with tools of the client's own: they stay the client's, and the system prompt asks for JSON", async () => {
    const tools = [{ type: "function", function: { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } } } }];
    const response = await post("/v1/chat/completions", {
      model: "lib-claude",
      response_format: { type: "json_object" },
      tools,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "JSON please" },
      ],
    });
    expect(response.status).toBe(200);
    const body = suite.fake.requests.at(-1)?.body as Record<string, unknown>;
    expect(body.tools).toEqual([{ name: "lookup", input_schema: tools[0].function.parameters }]);
    expect(body.tool_choice).toBeUndefined();
    expect(body.system).toBe("Be brief.\n\nAnswer with one JSON object only, with no text before or after it and no Markdown code fence.");
  });

  it("Responses text.format json_object reaches an Anthropic channel the same way: the answer's text is the JSON object", async () => {
    suite.fake.setBehavior({ text: PERSON, chunks: 1 });
    const response = await openaiClient(suite.relay, suite.customer.secret).responses.create({ model: "lib-claude", input: "A person, as JSON", text: { format: { type: "json_object" } } });
    expect(JSON.parse(response.output_text)).toEqual({ name: "Ann", age: 30 });
    expect(response.output.some((item) => item.type === "function_call")).toBe(false);
    expect(suite.fake.requests.at(-1)?.body).toMatchObject({ tool_choice: { type: "tool", name: "json_answer" } });
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

  describe("item_reference (the AI SDK's openai(model) continuing a conversation: each earlier assistant message it got with an id)", () => {
    const TOOLS = [{ type: "function" as const, name: "weather", description: "Get the weather", strict: null, parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false } }];

    for (const stream of [false, true]) {
      it(`a converted response's message item is sent up as the assistant's text (first turn ${stream ? "streamed" : "JSON"})`, async () => {
        const client = openaiClient(suite.relay, suite.customer.secret);
        // the Anthropic fake writes text, then the tool call
        suite.fake.setBehavior({ toolCall: { name: "weather", arguments: { city: "Paris" } } });
        const input = [{ role: "user" as const, content: [{ type: "input_text" as const, text: "Weather in Paris?" }] }];
        let output: { type: string; id?: string; call_id?: string }[];
        if (stream) {
          const events = await client.responses.create({ model: "lib-claude", input, tools: TOOLS, tool_choice: "auto", stream: true });
          output = [];
          for await (const event of events) if (event.type === "response.completed") output = event.response.output as typeof output;
        } else {
          output = (await client.responses.create({ model: "lib-claude", input, tools: TOOLS, tool_choice: "auto" })).output as typeof output;
        }
        const message = output.find((item) => item.type === "message");
        const call = output.find((item) => item.type === "function_call");
        expect(message?.id).toBeTruthy();
        expect(call?.call_id).toBe("toolu_fake1");
        suite.fake.reset();
        suite.fake.setBehavior({ text: "21 degrees.", chunks: 1 });
        const before = await balanceOf(suite.customer.walletId);
        // the second step's body, as @ai-sdk/openai sent it
        const response = await post("/v1/responses", {
          model: "lib-claude",
          input: [
            ...input,
            { type: "item_reference", id: message?.id },
            { type: "function_call", call_id: "toolu_fake1", name: "weather", arguments: '{"city":"Paris"}' },
            { type: "function_call_output", call_id: "toolu_fake1", output: '{"city":"Paris","temp":21}' },
          ],
          tools: TOOLS,
          tool_choice: "auto",
        });
        expect(response.status).toBe(200);
        expect(((await response.json()) as { output: { content?: { text: string }[] }[] }).output[0].content?.[0].text).toBe("21 degrees.");
        const upstream = suite.fake.requests.at(-1)?.body as { messages: unknown[] };
        expect(upstream.messages).toEqual([
          { role: "user", content: [{ type: "text", text: "Weather in Paris?" }] },
          { role: "assistant", content: [{ type: "text", text: "Hello from the fake upstream, nice to meet you." }, { type: "tool_use", id: "toolu_fake1", name: "weather", input: { city: "Paris" } }] },
          { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_fake1", content: '{"city":"Paris","temp":21}' }] },
        ]);
        const log = await lastLog(suite.customer.keyId);
        expect(log).toMatchObject({ endpoint: "responses", status: 200, input_tokens: 12 });
        expect(before - (await balanceOf(suite.customer.walletId))).toBe(log.cost);
      });
    }

    it("a reference the relay cannot resolve (unknown, or another customer's) is refused by a converting channel, not dropped; a Responses channel gets it as sent", async () => {
      const client = openaiClient(suite.relay, suite.customer.secret);
      const first = await client.responses.create({ model: "lib-openai", input: "Hi" });
      const itemId = first.output.find((item) => item.type === "message")?.id;
      const other = await createCustomer();
      for (const [secret, id] of [
        [suite.customer.secret, "msg_0123456789abcdef01234567"],
        [other.secret, itemId],
      ]) {
        suite.fake.reset();
        const response = await fetch(`${suite.relay.url}/v1/responses`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
          body: JSON.stringify({ model: "lib-openai", input: [{ role: "user", content: "Hi" }, { type: "item_reference", id }, { role: "user", content: "And?" }] }),
        });
        expect(response.status).toBe(400);
        const error = ((await response.json()) as { error: { message: string; param: string } }).error;
        expect(error.param).toBe("input");
        expect(error.message).toContain("item_reference");
        expect(suite.fake.requests).toHaveLength(0);
      }
      suite.fake.reset();
      const native = await post("/v1/responses", { model: "lib-native", input: [{ role: "user", content: "Hi" }, { type: "item_reference", id: "msg_native123" }] });
      expect(native.status).toBe(200);
      expect((suite.fake.requests.at(-1)?.body as { input: unknown[] }).input[1]).toEqual({ type: "item_reference", id: "msg_native123" });
    });
  });
});
