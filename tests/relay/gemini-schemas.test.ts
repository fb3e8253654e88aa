/**
 * Gemini channels keep the client's JSON Schemas whole — structured outputs as generationConfig.responseJsonSchema,
 * tool parameters as parametersJsonSchema, `$defs`/`$ref` included — whichever protocol the client speaks; and a
 * thinking model's thoughts and cached content are billed as reasoning and cache reads, once, in JSON and streams.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { zodResponseFormat } from "openai/helpers/zod";
import { addChannel, anthropicClient, balanceOf, createModel, lastLog, openaiClient, testCost, useRelay } from "./support/harness";

type Tree = { name: string; children: Tree[] };
const TREE: z.ZodType<Tree> = z.object({ name: z.string(), get children() { return z.array(TREE); } });
const PLACE = z.object({ city: z.string() });
const ANSWER = { root: { name: "a", children: [{ name: "b", children: [] }] }, home: { city: "Oslo" }, work: { city: "Bergen" } };

/** zod 4's toJSONSchema for a recursive type and a reused one: `$defs` and `$ref` */
const REF_SCHEMA = z.toJSONSchema(z.object({ root: TREE, home: PLACE, work: PLACE }), { reused: "ref" }) as Record<string, unknown>;

type GeminiBody = { generationConfig?: Record<string, unknown>; tools?: { functionDeclarations: Record<string, unknown>[] }[] };

describe("Gemini channels keep the client's JSON Schemas", () => {
  const t = useRelay(async (fake) => {
    await createModel({ id: "schema-gemini" });
    await addChannel({ fake, type: "gemini", models: ["schema-gemini"] });
  });
  const upstreamBody = () => t.fake.requests.at(-1)?.body as GeminiBody;

  it("the zod 4 schema under test has $defs and $ref", () => {
    expect(REF_SCHEMA.$defs).toBeDefined();
    expect(JSON.stringify(REF_SCHEMA)).toContain('"$ref":"#/$defs/');
  });

  it("an OpenAI chat json_schema response_format goes up as responseJsonSchema, whole", async () => {
    t.fake.setBehavior({ text: JSON.stringify(ANSWER), chunks: 1 });
    const completion = await openaiClient(t.relay, t.customer.secret).chat.completions.create({
      model: "schema-gemini",
      messages: [{ role: "user", content: "A tree" }],
      response_format: { type: "json_schema", json_schema: { name: "tree", strict: true, schema: REF_SCHEMA } },
    });
    expect(upstreamBody().generationConfig).toEqual({ responseMimeType: "application/json", responseJsonSchema: REF_SCHEMA });
    expect(JSON.parse(completion.choices[0].message.content ?? "")).toEqual(ANSWER);
  });

  it("the OpenAI SDK's zodResponseFormat (draft-07 definitions) arrives with its definitions as $defs, and parses", async () => {
    t.fake.setBehavior({ text: JSON.stringify(ANSWER), chunks: 1 });
    const format = zodResponseFormat(z.object({ root: TREE, home: PLACE, work: PLACE }), "tree");
    const sent = format.json_schema.schema as Record<string, unknown>;
    expect(sent.definitions).toBeDefined();
    const completion = await openaiClient(t.relay, t.customer.secret).chat.completions.parse({ model: "schema-gemini", messages: [{ role: "user", content: "A tree" }], response_format: format });
    const { definitions, ...rest } = sent;
    const expected = JSON.parse(JSON.stringify({ ...rest, $defs: definitions }).replaceAll('"#/definitions/', '"#/$defs/')) as Record<string, unknown>;
    expect(upstreamBody().generationConfig).toEqual({ responseMimeType: "application/json", responseJsonSchema: expected });
    expect(completion.choices[0].message.parsed).toEqual(ANSWER);
  });

  it("json_object stays a mime type only", async () => {
    await openaiClient(t.relay, t.customer.secret).chat.completions.create({ model: "schema-gemini", messages: [{ role: "user", content: "JSON" }], response_format: { type: "json_object" } });
    expect(upstreamBody().generationConfig).toEqual({ responseMimeType: "application/json" });
  });

  it("an OpenAI tool's $ref parameters go up as parametersJsonSchema, whole", async () => {
    t.fake.setBehavior({ toolCall: { name: "plant", arguments: ANSWER } });
    const completion = await openaiClient(t.relay, t.customer.secret).chat.completions.create({
      model: "schema-gemini",
      messages: [{ role: "user", content: "Plant a tree" }],
      tools: [{ type: "function", function: { name: "plant", description: "Plant a tree", parameters: REF_SCHEMA, strict: true } }],
    });
    expect(upstreamBody().tools).toEqual([{ functionDeclarations: [{ name: "plant", description: "Plant a tree", parametersJsonSchema: REF_SCHEMA }] }]);
    expect(JSON.parse(completion.choices[0].message.tool_calls?.[0].type === "function" ? completion.choices[0].message.tool_calls[0].function.arguments : "")).toEqual(ANSWER);
  });

  it("an Anthropic client's tool input_schema and output_config.format arrive intact", async () => {
    t.fake.setBehavior({ text: JSON.stringify(ANSWER), chunks: 1 });
    const message = await anthropicClient(t.relay, t.customer.secret).messages.create({
      model: "schema-gemini",
      max_tokens: 200,
      messages: [{ role: "user", content: "A tree" }],
      tools: [{ name: "plant", description: "Plant a tree", input_schema: REF_SCHEMA as { type: "object" } }],
      output_config: { format: { type: "json_schema", schema: REF_SCHEMA } },
    });
    expect(t.fake.requests.at(-1)?.path).toBe("/v1beta/models/schema-gemini:generateContent");
    expect(upstreamBody().generationConfig).toMatchObject({ responseMimeType: "application/json", responseJsonSchema: REF_SCHEMA });
    expect(upstreamBody().tools).toEqual([{ functionDeclarations: [{ name: "plant", description: "Plant a tree", parametersJsonSchema: REF_SCHEMA }] }]);
    expect(message.content).toEqual([{ type: "text", text: JSON.stringify(ANSWER) }]);
  });

  it("a Responses text.format json_schema and function tool arrive intact", async () => {
    t.fake.setBehavior({ text: JSON.stringify(ANSWER), chunks: 1 });
    const response = await openaiClient(t.relay, t.customer.secret).responses.create({
      model: "schema-gemini",
      input: "A tree",
      text: { format: { type: "json_schema", name: "tree", strict: true, schema: REF_SCHEMA } },
      tools: [{ type: "function", name: "plant", parameters: REF_SCHEMA, strict: true }],
    });
    expect(upstreamBody().generationConfig).toEqual({ responseMimeType: "application/json", responseJsonSchema: REF_SCHEMA });
    expect(upstreamBody().tools).toEqual([{ functionDeclarations: [{ name: "plant", parametersJsonSchema: REF_SCHEMA }] }]);
    expect(JSON.parse(response.output_text)).toEqual(ANSWER);
  });
});

describe("Gemini channels take a $ref with keywords beside it in the form Gemini accepts", () => {
  const t = useRelay(async (fake) => {
    await createModel({ id: "described-gemini" });
    await addChannel({ fake, type: "gemini", models: ["described-gemini"] });
  });
  const upstreamBody = () => t.fake.requests.at(-1)?.body as GeminiBody;
  // zod 4 gives a described reused schema as {"description": "…", "$ref": …} (JSON Schema 2020-12 applies both);
  // Gemini refuses anything but $-keywords beside a $ref, as the fake does
  const place = z.object({ city: z.string() }).meta({ id: "Place" });
  const DESCRIBED = z.toJSONSchema(z.object({ home: place.describe("Where they live"), work: place }), { reused: "ref" }) as Record<string, unknown>;
  const geminiForm = { ...DESCRIBED, properties: { home: { description: "Where they live", anyOf: [{ $ref: "#/$defs/Place" }] }, work: { $ref: "#/$defs/Place" } } };
  const answer = { home: { city: "Oslo" }, work: { city: "Bergen" } };

  it("the schema under test sets a description beside a $ref", () => {
    expect((DESCRIBED.properties as Record<string, unknown>).home).toEqual({ description: "Where they live", $ref: "#/$defs/Place" });
  });

  it("as a one-branch anyOf with the keywords beside it: chat tools and response_format, Anthropic tools, Responses text.format", async () => {
    t.fake.setBehavior({ toolCall: { name: "move", arguments: answer } });
    const chat = await openaiClient(t.relay, t.customer.secret).chat.completions.create({
      model: "described-gemini",
      messages: [{ role: "user", content: "Move" }],
      tools: [{ type: "function", function: { name: "move", parameters: DESCRIBED } }],
    });
    expect(chat.choices[0].finish_reason).toBe("tool_calls");
    expect(upstreamBody().tools).toEqual([{ functionDeclarations: [{ name: "move", parametersJsonSchema: geminiForm }] }]);

    t.fake.setBehavior({ text: JSON.stringify(answer), chunks: 1 });
    const structured = await openaiClient(t.relay, t.customer.secret).chat.completions.create({
      model: "described-gemini",
      messages: [{ role: "user", content: "Where?" }],
      response_format: { type: "json_schema", json_schema: { name: "places", schema: DESCRIBED } },
    });
    expect(JSON.parse(structured.choices[0].message.content ?? "")).toEqual(answer);
    expect(upstreamBody().generationConfig).toEqual({ responseMimeType: "application/json", responseJsonSchema: geminiForm });

    const message = await anthropicClient(t.relay, t.customer.secret).messages.create({
      model: "described-gemini",
      max_tokens: 200,
      messages: [{ role: "user", content: "Where?" }],
      tools: [{ name: "move", input_schema: DESCRIBED as { type: "object" } }],
    });
    expect(message.content).toEqual([{ type: "text", text: JSON.stringify(answer) }]);
    expect(upstreamBody().tools).toEqual([{ functionDeclarations: [{ name: "move", parametersJsonSchema: geminiForm }] }]);

    const response = await openaiClient(t.relay, t.customer.secret).responses.create({ model: "described-gemini", input: "Where?", text: { format: { type: "json_schema", name: "places", schema: DESCRIBED } } });
    expect(JSON.parse(response.output_text)).toEqual(answer);
    expect(upstreamBody().generationConfig).toEqual({ responseMimeType: "application/json", responseJsonSchema: geminiForm });
  });
});

describe("Gemini usage: thoughts and cached content", () => {
  const t = useRelay(async (fake) => {
    await createModel({ id: "usage-gemini" });
    await addChannel({ fake, type: "gemini", models: ["usage-gemini"] });
  });
  // the fake reports promptTokenCount 12 + 20 with cachedContentTokenCount 20, thoughtsTokenCount 3 and 5 candidate tokens
  const cost = testCost({ input: 12, cacheRead: 20, output: 8 });

  it("a JSON answer bills thoughts as reasoning and cached content as cache reads, once", async () => {
    t.fake.setBehavior({ reasoning: "Hmm", cacheReadTokens: 20 });
    const before = await balanceOf(t.customer.walletId);
    const completion = await openaiClient(t.relay, t.customer.secret).chat.completions.create({ model: "usage-gemini", messages: [{ role: "user", content: "Hi" }] });
    expect(completion.usage).toMatchObject({ prompt_tokens: 32, completion_tokens: 8, prompt_tokens_details: { cached_tokens: 20 }, completion_tokens_details: { reasoning_tokens: 3 } });
    expect(await lastLog(t.customer.keyId)).toMatchObject({ input_tokens: 12, cache_read_tokens: 20, output_tokens: 5, reasoning_tokens: 3, cost, usage_estimated: false });
    expect(before - (await balanceOf(t.customer.walletId))).toBe(cost);
  });

  it("a stream repeating cumulative usage on every chunk is billed by its last report, once", async () => {
    t.fake.setBehavior({ reasoning: "Hmm", cacheReadTokens: 20, chunks: 5 });
    const before = await balanceOf(t.customer.walletId);
    const stream = await openaiClient(t.relay, t.customer.secret).chat.completions.create({ model: "usage-gemini", messages: [{ role: "user", content: "Hi" }], stream: true, stream_options: { include_usage: true } });
    const usages: unknown[] = [];
    for await (const chunk of stream) if (chunk.usage) usages.push(chunk.usage);
    expect(usages).toEqual([{ prompt_tokens: 32, completion_tokens: 8, total_tokens: 40, prompt_tokens_details: { cached_tokens: 20 }, completion_tokens_details: { reasoning_tokens: 3 } }]);
    expect(await lastLog(t.customer.keyId)).toMatchObject({ is_stream: true, input_tokens: 12, cache_read_tokens: 20, output_tokens: 5, reasoning_tokens: 3, cost, usage_estimated: false });
    expect(before - (await balanceOf(t.customer.walletId))).toBe(cost);
  });

  it("an Anthropic stream through Gemini reports cache reads apart from input, and is billed the same", async () => {
    t.fake.setBehavior({ reasoning: "Hmm", cacheReadTokens: 20, chunks: 5 });
    const before = await balanceOf(t.customer.walletId);
    const final = await anthropicClient(t.relay, t.customer.secret).messages.stream({ model: "usage-gemini", max_tokens: 100, messages: [{ role: "user", content: "Hi" }] }).finalMessage();
    expect(final.usage).toMatchObject({ input_tokens: 12, cache_read_input_tokens: 20, output_tokens: 8 });
    expect(await lastLog(t.customer.keyId)).toMatchObject({ endpoint: "messages", is_stream: true, input_tokens: 12, cache_read_tokens: 20, output_tokens: 5, reasoning_tokens: 3, cost });
    expect(before - (await balanceOf(t.customer.walletId))).toBe(cost);
  });
});
