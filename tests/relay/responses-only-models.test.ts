/**
 * Models OpenAI serves only through /v1/responses (gpt-5-codex, the pro models): a chat client's request — and an
 * Anthropic client's, through the chat pivot — goes up as a Responses request on a channel that speaks it, and the
 * answer comes back as chat (or Anthropic), JSON and stream, tools included, billed from the upstream's usage.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_TEXT } from "../fakes/upstream-types";
import { addChannel, anthropicClient, balanceOf, createCustomer, createModel, lastLog, openaiClient, testCost, useRelay } from "./support/harness";

type Sent = { model: string; input: Record<string, unknown>[]; tools?: Record<string, unknown>[]; store?: boolean; stream?: boolean; max_output_tokens?: number; temperature?: number; reasoning?: { effort?: string } };

const tools = [{ type: "function" as const, function: { name: "read", description: "Read a file", parameters: { type: "object", properties: { path: { type: "string" } } } } }];

describe("chat and Anthropic clients on a model served only through the Responses API", () => {
  const t = useRelay(
    async (fake) => {
      await createModel({ id: "codex" });
      await createModel({ id: "codex-chat-only" });
      await addChannel({ fake, type: "openai", models: ["codex"], modelMapping: { codex: "gpt-5-codex" }, supportsResponses: true });
      await addChannel({ fake, type: "openai", models: ["codex-chat-only"], modelMapping: { "codex-chat-only": "gpt-5-codex" }, supportsResponses: false });
    },
    { balance: 5_000_000n },
  );

  const sent = (): Sent => {
    const last = t.fake.requests.at(-1);
    expect(last?.path).toBe("/v1/responses");
    return last?.body as Sent;
  };

  it("a chat completion goes up as a Responses request (history, tools, limits) and its answer comes back as chat, billed", async () => {
    const before = await balanceOf(t.customer.walletId);
    const answer = await openaiClient(t.relay, t.customer.secret).chat.completions.create({
      model: "codex",
      max_tokens: 300,
      temperature: 0.2,
      reasoning_effort: "high",
      tools,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: [{ type: "text", text: "Read a.txt" }] },
        { role: "assistant", content: "Reading it.", tool_calls: [{ id: "call_1", type: "function", function: { name: "read", arguments: '{"path":"a.txt"}' } }] },
        { role: "tool", tool_call_id: "call_1", content: "hello" },
      ],
    });
    expect(answer.object).toBe("chat.completion");
    expect(answer.model).toBe("codex");
    expect(answer.choices[0]).toMatchObject({ index: 0, finish_reason: "stop", message: { role: "assistant", content: DEFAULT_TEXT } });
    expect(answer.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 });

    const body = sent();
    expect(body).toMatchObject({ model: "gpt-5-codex", store: false, max_output_tokens: 300, reasoning: { effort: "high" } });
    // a reasoning model takes no temperature; chat's functions are not strict unless they say so
    expect(body.temperature).toBeUndefined();
    expect(body.tools).toEqual([{ type: "function", name: "read", description: "Read a file", parameters: tools[0].function.parameters, strict: false }]);
    expect(body.input).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "input_text", text: "Read a.txt" }] },
      { role: "assistant", content: [{ type: "output_text", text: "Reading it." }] },
      { type: "function_call", call_id: "call_1", name: "read", arguments: '{"path":"a.txt"}' },
      { type: "function_call_output", call_id: "call_1", output: "hello" },
    ]);
    expect(await balanceOf(t.customer.walletId)).toBe(before - testCost({ input: 12, output: 5 }));
    expect(await lastLog(t.customer.keyId)).toMatchObject({ model: "codex", status: 200, input_tokens: 12, output_tokens: 5, usage_estimated: false });
  });

  it("a tool call comes back as chat tool_calls, JSON and stream", async () => {
    t.fake.setBehavior({ toolCall: { name: "read", arguments: { path: "b.txt" } } });
    const client = openaiClient(t.relay, t.customer.secret);
    const json = await client.chat.completions.create({ model: "codex", tools, messages: [{ role: "user", content: "Read b.txt" }] });
    expect(json.choices[0].finish_reason).toBe("tool_calls");
    expect(json.choices[0].message.tool_calls).toEqual([{ id: "call_fake1", type: "function", function: { name: "read", arguments: '{"path":"b.txt"}' } }]);

    const stream = await client.chat.completions.create({ model: "codex", tools, stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "Read b.txt" }] });
    const call = { id: "", name: "", args: "" };
    let finish: string | null = null;
    let usage: unknown = null;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta?.tool_calls?.[0];
      call.id ||= delta?.id ?? "";
      call.name += delta?.function?.name ?? "";
      call.args += delta?.function?.arguments ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(call).toEqual({ id: "call_fake1", name: "read", args: '{"path":"b.txt"}' });
    expect(finish).toBe("tool_calls");
    expect(usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 10 });
    expect(sent()).toMatchObject({ model: "gpt-5-codex", stream: true, store: false });
    expect(await lastLog(t.customer.keyId)).toMatchObject({ model: "codex", is_stream: true, status: 200, output_tokens: 10, usage_estimated: false });
  });

  it("a chat stream's text arrives piece by piece; the usage chunk only when asked for, and billed either way", async () => {
    const client = openaiClient(t.relay, t.customer.secret);
    for (const includeUsage of [true, false]) {
      const before = await balanceOf(t.customer.walletId);
      const stream = await client.chat.completions.create({ model: "codex", stream: true, ...(includeUsage ? { stream_options: { include_usage: true } } : {}), messages: [{ role: "user", content: "Hi" }] });
      let text = "";
      let pieces = 0;
      let sawUsage = false;
      let roles = 0;
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta?.role) roles++;
        if (chunk.choices[0]?.delta?.content) pieces++;
        text += chunk.choices[0]?.delta?.content ?? "";
        sawUsage ||= chunk.usage != null;
      }
      expect(text).toBe(DEFAULT_TEXT);
      expect(pieces).toBeGreaterThan(1);
      expect(roles).toBe(1);
      expect(sawUsage).toBe(includeUsage);
      expect(await balanceOf(t.customer.walletId)).toBe(before - testCost({ input: 12, output: 5 }));
    }
  });

  it("an Anthropic client (Claude Code) reaches the model through the chat pivot, JSON and stream, tool use included", async () => {
    const client = anthropicClient(t.relay, t.customer.secret);
    const message = await client.messages.create({ model: "codex", max_tokens: 200, system: "Be brief.", messages: [{ role: "user", content: "Hi" }] });
    expect(message.content).toEqual([expect.objectContaining({ type: "text", text: DEFAULT_TEXT })]);
    expect(message.usage).toMatchObject({ input_tokens: 12, output_tokens: 5 });
    expect(sent()).toMatchObject({ model: "gpt-5-codex", max_output_tokens: 200, input: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }] });

    t.fake.setBehavior({ toolCall: { name: "read", arguments: { path: "c.txt" } } });
    const stream = client.messages.stream({
      model: "codex",
      max_tokens: 200,
      tools: [{ name: "read", input_schema: { type: "object", properties: { path: { type: "string" } } } }],
      messages: [{ role: "user", content: "Read c.txt" }],
    });
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe("tool_use");
    expect(final.content).toEqual([expect.objectContaining({ type: "tool_use", id: "call_fake1", name: "read", input: { path: "c.txt" } })]);
    expect(await lastLog(t.customer.keyId)).toMatchObject({ model: "codex", endpoint: expect.stringContaining("messages"), is_stream: true, status: 200 });
  });

  it("a tool loop reasons on: the answer's encrypted reasoning goes back up before the call it led to (chat JSON and stream, Anthropic), for that key only", async () => {
    const encrypted = { type: "reasoning", id: expect.stringMatching(/^rs_/), summary: [{ type: "summary_text", text: "Read it first." }], encrypted_content: expect.stringMatching(/^gAAAAAB/) };
    const call = { id: "call_fake1", type: "function" as const, function: { name: "read", arguments: '{"path":"b.txt"}' } };
    const history = [
      { role: "user" as const, content: "Read b.txt" },
      { role: "assistant" as const, content: null, tool_calls: [call] },
      { role: "tool" as const, tool_call_id: "call_fake1", content: "bee" },
    ];
    const loopInput = [
      { role: "user", content: "Read b.txt" },
      encrypted,
      { type: "function_call", call_id: "call_fake1", name: "read", arguments: '{"path":"b.txt"}' },
      { type: "function_call_output", call_id: "call_fake1", output: "bee" },
    ];
    const client = openaiClient(t.relay, t.customer.secret);
    for (const stream of [false, true]) {
      t.fake.setBehavior({ reasoning: "Read it first.", toolCall: { name: "read", arguments: { path: "b.txt" } } });
      const first = { model: "codex", tools, messages: [history[0]] };
      let reasoning = "";
      if (stream) {
        for await (const chunk of await client.chat.completions.create({ ...first, stream: true })) reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? "";
      } else {
        const answer = await client.chat.completions.create(first);
        expect(answer.choices[0].message.tool_calls).toEqual([call]);
        reasoning = (answer.choices[0].message as { reasoning_content?: string }).reasoning_content ?? "";
      }
      // the summary reaches the client; the encrypted reasoning is asked for, and kept by the relay
      expect(reasoning).toBe("Read it first.");
      expect(sent()).toMatchObject({ store: false, include: ["reasoning.encrypted_content"] });

      // the client sends its history back with the tool's result: the reasoning goes up before the call (the fake,
      // as OpenAI, verifies it is the encrypted content it gave)
      t.fake.setBehavior({});
      const next = await client.chat.completions.create({ model: "codex", tools, messages: history });
      expect(next.choices[0].message.content).toBe(DEFAULT_TEXT);
      expect(sent().input).toEqual(loopInput);
    }

    // Claude Code's loop through the chat pivot: its tool_use id is the call id, and the reasoning follows it
    t.fake.setBehavior({});
    const anthropic = anthropicClient(t.relay, t.customer.secret);
    await anthropic.messages.create({
      model: "codex",
      max_tokens: 200,
      tools: [{ name: "read", input_schema: { type: "object", properties: { path: { type: "string" } } } }],
      messages: [
        { role: "user", content: "Read b.txt" },
        { role: "assistant", content: [{ type: "tool_use", id: "call_fake1", name: "read", input: { path: "b.txt" } }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "call_fake1", content: "bee" }] },
      ],
    });
    expect(sent().input).toEqual(loopInput);

    // another key sending the same history gets none of it (a call id never lets one customer's reasoning into another's)
    const other = await createCustomer({ balance: 5_000_000n });
    await openaiClient(t.relay, other.secret).chat.completions.create({ model: "codex", tools, messages: history });
    expect(sent().input).toEqual(loopInput.filter((item) => item !== encrypted));
  });

  it("on a channel that does not speak the Responses API the request stays chat (and the upstream's refusal reaches the client, free)", async () => {
    const before = await balanceOf(t.customer.walletId);
    const refused = openaiClient(t.relay, t.customer.secret).chat.completions.create({ model: "codex-chat-only", messages: [{ role: "user", content: "Hi" }] });
    await expect(refused).rejects.toMatchObject({ status: 502, message: expect.stringContaining("only supported in v1/responses") });
    expect(t.fake.requests.at(-1)?.path).toBe("/v1/chat/completions");
    expect(await balanceOf(t.customer.walletId)).toBe(before);
  });
});
