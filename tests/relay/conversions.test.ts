import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FakeUpstream } from "../fakes/upstream";
import { CONTINUE_INSTRUCTION } from "../../lib/relay/convert/claude-models";
import { DEFAULT_TEXT } from "../fakes/upstream-types";
import { addChannel, anthropicClient, balanceOf, createCustomer, createModel, lastLog, openaiClient, startFakeUpstream, startRelay, testCost, type Customer, type Relay } from "./support/harness";

const IMAGE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

describe("protocol conversion", () => {
  let relay: Relay;
  let fake: FakeUpstream;
  let customer: Customer;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    relay = await startRelay();
    for (const id of ["via-openai", "via-openai-responses", "ds-think", "via-anthropic", "via-gemini", "think-o4", "think-gpt5", "plain-4o", "claude-new", "claude-mid", "claude-older", "claude-o5", "claude-fable", "gem-pro3", "gem-flash25", "gem-pro25"]) await createModel({ id });
    await addChannel({ fake, type: "openai", models: ["via-openai"] });
    await addChannel({ fake, type: "openai", models: ["via-openai-responses"], supportsResponses: true });
    await addChannel({ fake, type: "openai", models: ["ds-think"], modelMapping: { "ds-think": "deepseek-reasoner" }, supportsResponses: false });
    // a chat-only OpenAI channel whose upstream names are OpenAI's reasoning models (and one chat model)
    await addChannel({ fake, type: "openai", models: ["think-o4", "think-gpt5", "plain-4o"], modelMapping: { "think-o4": "o4-mini", "think-gpt5": "gpt-5-mini", "plain-4o": "gpt-4o" }, supportsResponses: false });
    await addChannel({ fake, type: "anthropic", models: ["via-anthropic"] });
    // an Anthropic channel whose upstream names are three generations of Claude (the fake refuses what each refuses)
    await addChannel({
      fake,
      type: "anthropic",
      models: ["claude-new", "claude-mid", "claude-older", "claude-o5", "claude-fable"],
      modelMapping: { "claude-new": "claude-opus-4-8", "claude-mid": "claude-sonnet-4-6", "claude-older": "claude-sonnet-4-5", "claude-o5": "claude-opus-5", "claude-fable": "claude-fable-5-1" },
    });
    await addChannel({ fake, type: "gemini", models: ["via-gemini"] });
    await addChannel({
      fake,
      type: "gemini",
      models: ["gem-pro3", "gem-flash25", "gem-pro25"],
      modelMapping: { "gem-pro3": "gemini-3-pro-preview", "gem-flash25": "gemini-2.5-flash", "gem-pro25": "gemini-2.5-pro" },
    });
    customer = await createCustomer({ balance: 5_000_000n });
  });

  afterEach(() => fake.reset());

  afterAll(async () => {
    await relay.close();
    await fake.close();
  });

  describe("Anthropic client → OpenAI-compatible channel", () => {
    it("converts a request with system, image, tool use and tool result, and the JSON answer with cache usage", async () => {
      fake.setBehavior({ cacheReadTokens: 20, toolCall: { name: "lookup", arguments: { q: "x" } } });
      const before = await balanceOf(customer.walletId);
      const message = await anthropicClient(relay, customer.secret).messages.create({
        model: "via-openai",
        max_tokens: 300,
        system: "Be brief.",
        tools: [{ name: "lookup", description: "Look up", input_schema: { type: "object", properties: { q: { type: "string" } } } }],
        tool_choice: { type: "auto" },
        messages: [
          { role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image", source: { type: "base64", media_type: "image/png", data: IMAGE.split(",")[1] } }] },
          { role: "assistant", content: [{ type: "tool_use", id: "toolu_9", name: "lookup", input: { q: "img" } }] },
          { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_9", content: "a pixel" }] },
        ],
      });
      const upstream = fake.requests.at(-1);
      expect(upstream?.path).toBe("/v1/chat/completions");
      expect(upstream?.body).toMatchObject({
        model: "via-openai",
        max_tokens: 300,
        tool_choice: "auto",
        tools: [{ type: "function", function: { name: "lookup", parameters: { type: "object" } } }],
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image_url", image_url: { url: IMAGE } }] },
          { role: "assistant", tool_calls: [{ id: "toolu_9", type: "function", function: { name: "lookup", arguments: '{"q":"img"}' } }] },
          { role: "tool", tool_call_id: "toolu_9", content: "a pixel" },
        ],
      });
      expect(message.stop_reason).toBe("tool_use");
      expect(message.content).toEqual([{ type: "tool_use", id: "call_fake1", name: "lookup", input: { q: "x" } }]);
      expect(message.usage).toMatchObject({ input_tokens: 12, cache_read_input_tokens: 20, output_tokens: 10 });
      expect(await balanceOf(customer.walletId)).toBe(before - testCost({ input: 12, cacheRead: 20, output: 10 }));
    });

    it("converts the stream into Anthropic events with usage", async () => {
      fake.setBehavior({ reasoning: "Thinking…" });
      const stream = anthropicClient(relay, customer.secret).messages.stream({ model: "via-openai", max_tokens: 100, messages: [{ role: "user", content: "Hi" }] });
      const final = await stream.finalMessage();
      expect(final.content.map((b) => b.type)).toEqual(["thinking", "text"]);
      expect((final.content[1] as { text: string }).text).toBe(DEFAULT_TEXT);
      expect(final.stop_reason).toBe("end_turn");
      expect(final.usage.output_tokens).toBe(8);
      expect((fake.requests.at(-1)?.body as { stream_options: unknown }).stream_options).toEqual({ include_usage: true });
      expect(await lastLog(customer.keyId)).toMatchObject({ model: "via-openai", is_stream: true, output_tokens: 5, reasoning_tokens: 3, usage_estimated: false });
    });
  });

  describe("OpenAI client → Anthropic channel", () => {
    it("converts a request with tools and images, and the JSON answer", async () => {
      fake.setBehavior({ toolCall: { name: "lookup", arguments: { q: "y" } }, cacheReadTokens: 7, cacheWriteTokens: 3 });
      const before = await balanceOf(customer.walletId);
      const completion = await openaiClient(relay, customer.secret).chat.completions.create({
        model: "via-anthropic",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: [{ type: "text", text: "Look" }, { type: "image_url", image_url: { url: IMAGE } }] },
          { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: '{"q":"a"}' } }] },
          { role: "tool", tool_call_id: "call_1", content: "found" },
        ],
        tools: [{ type: "function", function: { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } } } }],
        tool_choice: "required",
        temperature: 1.5,
      });
      expect(fake.requests.at(-1)?.body).toMatchObject({
        model: "via-anthropic",
        max_tokens: 1000,
        system: "Be brief.",
        temperature: 1,
        tool_choice: { type: "any" },
        tools: [{ name: "lookup", input_schema: { type: "object" } }],
        messages: [
          { role: "user", content: [{ type: "text", text: "Look" }, { type: "image", source: { type: "base64", media_type: "image/png" } }] },
          { role: "assistant", content: [{ type: "tool_use", id: "call_1", name: "lookup", input: { q: "a" } }] },
          { role: "user", content: [{ type: "tool_result", tool_use_id: "call_1", content: "found" }] },
        ],
      });
      const choice = completion.choices[0];
      expect(choice.finish_reason).toBe("tool_calls");
      // a forced tool is answered with the tool call alone, as Anthropic does
      expect(choice.message.content).toBeNull();
      expect(choice.message.tool_calls?.[0]).toMatchObject({ id: "toolu_fake1", type: "function", function: { name: "lookup", arguments: '{"q":"y"}' } });
      expect(completion.usage).toMatchObject({ prompt_tokens: 22, completion_tokens: 10, prompt_tokens_details: { cached_tokens: 7 } });
      expect(await balanceOf(customer.walletId)).toBe(before - testCost({ input: 12, cacheRead: 7, cacheWrite: 3, output: 10 }));
    });

    it("prompt-caching breakpoints a chat client sets (cache_control, as Cline and Roo Code send it for Claude) reach Anthropic on the same blocks, and the cache reads are billed as such", async () => {
      fake.setBehavior({ cacheReadTokens: 900, cacheWriteTokens: 0 });
      const ephemeral = { type: "ephemeral" };
      const before = await balanceOf(customer.walletId);
      const messages = [
        { role: "system", content: [{ type: "text", text: "You are a coding agent.", cache_control: ephemeral }] },
        { role: "system", content: "Today is Tuesday." },
        { role: "user", content: [{ type: "text", text: "Here is the repository." }, { type: "text", text: "Fix the bug.", cache_control: { type: "ephemeral", ttl: "1h" } }] },
        { role: "assistant", content: [{ type: "text", text: "Looking.", cache_control: ephemeral }] },
        { role: "user", content: "Go on." },
      ];
      const tools = [{ type: "function", function: { name: "lookup", parameters: { type: "object", properties: {} } }, cache_control: ephemeral }];
      await openaiClient(relay, customer.secret).chat.completions.create({ model: "via-anthropic", messages, tools } as unknown as Parameters<ReturnType<typeof openaiClient>["chat"]["completions"]["create"]>[0]);
      expect(fake.requests.at(-1)?.body).toMatchObject({
        system: [{ type: "text", text: "You are a coding agent.", cache_control: ephemeral }, { type: "text", text: "Today is Tuesday." }],
        tools: [{ name: "lookup", cache_control: ephemeral }],
        messages: [
          { role: "user", content: [{ type: "text", text: "Here is the repository." }, { type: "text", text: "Fix the bug.", cache_control: { type: "ephemeral", ttl: "1h" } }] },
          { role: "assistant", content: [{ type: "text", text: "Looking.", cache_control: ephemeral }] },
          { role: "user", content: [{ type: "text", text: "Go on." }] },
        ],
      });
      const system = (fake.requests.at(-1)?.body as { system: Record<string, unknown>[] }).system;
      expect(system[1]).not.toHaveProperty("cache_control");
      expect(await balanceOf(customer.walletId)).toBe(before - testCost({ input: 12, cacheRead: 900, output: 5 }));
    });

    it("writes for Anthropic's 1-hour cache (ttl 1h) are billed at twice the input price, JSON and stream, and shown as cache writes", async () => {
      const client = openaiClient(relay, customer.secret);
      const messages = [{ role: "user", content: [{ type: "text", text: "Long context.", cache_control: { type: "ephemeral", ttl: "1h" } }] }];
      const ask = { model: "via-anthropic", messages } as unknown as Parameters<typeof client.chat.completions.create>[0];
      for (const stream of [false, true]) {
        fake.setBehavior({ cacheWriteTokens: 1_000, cacheWrite1hTokens: 600 });
        const before = await balanceOf(customer.walletId);
        if (stream) {
          for await (const chunk of await client.chat.completions.create({ ...ask, stream: true } as Parameters<typeof client.chat.completions.create>[0] & { stream: true })) void chunk;
        } else await client.chat.completions.create(ask);
        // 400 five-minute writes at the cache-write price, 600 one-hour writes at twice the input price
        expect(before - (await balanceOf(customer.walletId))).toBe(testCost({ input: 12, cacheWrite: 400, output: 5 }) + 600n * 2n);
        expect(await lastLog(customer.keyId)).toMatchObject({ cache_write_tokens: 1_000, status: 200 });
      }

      // the hold covers such writes: a balance that holds a long prompt's 5-minute writes but not its 1-hour ones
      const poor = await createCustomer({ balance: 7_000n });
      const long = "word ".repeat(4_000);
      const poorClient = openaiClient(relay, poor.secret);
      fake.setBehavior({});
      const asked = (ttl?: string) => ({ model: "via-anthropic", max_tokens: 1, messages: [{ role: "user", content: [{ type: "text", text: long, cache_control: { type: "ephemeral", ...(ttl ? { ttl } : {}) } }] }] }) as unknown as Parameters<typeof client.chat.completions.create>[0];
      await expect(poorClient.chat.completions.create(asked("1h"))).rejects.toMatchObject({ status: 402 });
      await expect(poorClient.chat.completions.create(asked())).resolves.toBeTruthy();
    });

    it("a client that asks for caching the OpenAI way (prompt_cache_key: Codex CLI on every turn) and sets no breakpoint gets two — the system prompt and the conversation's last block — so each turn reads what the one before wrote", async () => {
      const client = openaiClient(relay, customer.secret);
      const tools = [{ type: "function" as const, name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } }, strict: false }];
      const input = [
        { role: "user", content: "Look it up" },
        { type: "function_call", call_id: "call_1", name: "lookup", arguments: '{"q":"x"}' },
        { type: "function_call_output", call_id: "call_1", output: "found" },
      ];
      await client.responses.create({ model: "claude-mid", instructions: "You are Codex.", prompt_cache_key: "session-1", store: false, tools, input: input as unknown as Parameters<typeof client.responses.create>[0]["input"] });
      const body = fake.requests.at(-1)?.body as { system: unknown; messages: { role: string; content: Record<string, unknown>[] }[] };
      expect(body.system).toEqual([{ type: "text", text: "You are Codex.", cache_control: { type: "ephemeral" } }]);
      expect(body.messages.at(-1)?.content).toEqual([{ type: "tool_result", tool_use_id: "call_1", content: "found", cache_control: { type: "ephemeral" } }]);
      expect(body.messages[0].content[0]).not.toHaveProperty("cache_control");
      expect(body).not.toHaveProperty("prompt_cache_key");

      // the same from a chat client; one that set its own breakpoints keeps them alone
      const chat = openaiClient(relay, customer.secret).chat.completions;
      await chat.create({ model: "via-anthropic", prompt_cache_key: "k", messages: [{ role: "user", content: "Hi" }] });
      expect((fake.requests.at(-1)?.body as typeof body).messages[0].content).toEqual([{ type: "text", text: "Hi", cache_control: { type: "ephemeral" } }]);
      const own = [{ role: "system", content: [{ type: "text", text: "Rules.", cache_control: { type: "ephemeral" } }] }, { role: "user", content: "Hi" }];
      await chat.create({ model: "via-anthropic", prompt_cache_key: "k", messages: own } as unknown as Parameters<typeof chat.create>[0]);
      expect((fake.requests.at(-1)?.body as typeof body).messages[0].content).toEqual([{ type: "text", text: "Hi" }]);

      // a chat-only channel's vendor gets no prompt_cache_key it may not know from a converted request
      await client.responses.create({ model: "plain-4o", prompt_cache_key: "session-1", input: "Hi" });
      expect(fake.requests.at(-1)?.body).not.toHaveProperty("prompt_cache_key");
    });

    it("converts the stream into chat chunks, tool call arguments included, with usage only when asked", async () => {
      fake.setBehavior({ toolCall: { name: "lookup", arguments: { q: "z" } } });
      const client = openaiClient(relay, customer.secret);
      const stream = client.chat.completions.stream({ model: "via-anthropic", messages: [{ role: "user", content: "Hi" }], stream_options: { include_usage: true } });
      const final = await stream.finalChatCompletion();
      expect(final.choices[0].message.content).toBe(DEFAULT_TEXT);
      expect(final.choices[0].message.tool_calls?.[0].function).toEqual({ name: "lookup", arguments: '{"q":"z"}' });
      expect(final.choices[0].finish_reason).toBe("tool_calls");
      expect(final.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 10 });
      const plain = await client.chat.completions.create({ model: "via-anthropic", messages: [{ role: "user", content: "Hi" }], stream: true });
      for await (const chunk of plain) expect(chunk.usage ?? null).toBeNull();
      expect(await lastLog(customer.keyId)).toMatchObject({ output_tokens: 10, usage_estimated: false });
    });
  });

  describe("OpenAI reasoning models behind a converted request", () => {
    it("Anthropic Messages: max_completion_tokens instead of max_tokens, no temperature they refuse, the thinking budget as an effort", async () => {
      const client = anthropicClient(relay, customer.secret);
      // @anthropic-ai/sdk 1.x no longer types temperature and top_p (newer Claude models refuse them); older clients send them
      const sampling = (values: { temperature?: number; top_p?: number }): object => values;
      const message = await client.messages.create({ model: "think-o4", max_tokens: 2_000, ...sampling({ temperature: 0.2, top_p: 0.9 }), thinking: { type: "enabled", budget_tokens: 1_024 }, messages: [{ role: "user", content: "Hi" }] });
      expect(message.content).toEqual([{ type: "text", text: DEFAULT_TEXT }]);
      const upstream = fake.requests.at(-1)?.body as Record<string, unknown>;
      expect(upstream).toMatchObject({ model: "o4-mini", max_completion_tokens: 2_000, reasoning_effort: "low" });
      expect(upstream).not.toHaveProperty("max_tokens");
      expect(upstream).not.toHaveProperty("temperature");
      expect(upstream).not.toHaveProperty("top_p");

      // streaming, a large budget, the default temperature (which they accept) kept
      const stream = client.messages.stream({ model: "think-gpt5", max_tokens: 40_000, ...sampling({ temperature: 1 }), thinking: { type: "enabled", budget_tokens: 32_000 }, messages: [{ role: "user", content: "Hi" }] });
      expect((await stream.finalMessage()).content).toEqual([{ type: "text", text: DEFAULT_TEXT }]);
      expect(fake.requests.at(-1)?.body).toMatchObject({ model: "gpt-5-mini", max_completion_tokens: 40_000, temperature: 1, reasoning_effort: "high", stream: true });
      expect(fake.requests.at(-1)?.body).not.toHaveProperty("max_tokens");

      // a chat model gets the conversion as before: max_tokens, the client's temperature, no effort
      await client.messages.create({ model: "plain-4o", max_tokens: 300, ...sampling({ temperature: 0.2 }), thinking: { type: "enabled", budget_tokens: 1_024 }, messages: [{ role: "user", content: "Hi" }] });
      const plain = fake.requests.at(-1)?.body as Record<string, unknown>;
      expect(plain).toMatchObject({ model: "gpt-4o", max_tokens: 300, temperature: 0.2 });
      expect(plain).not.toHaveProperty("max_completion_tokens");
      expect(plain).not.toHaveProperty("reasoning_effort");
    });

    it("Chat Completions written for a chat model (max_tokens, a temperature) reach a reasoning model in the form it takes", async () => {
      const client = openaiClient(relay, customer.secret);
      const completion = await client.chat.completions.create({ model: "think-o4", max_tokens: 700, temperature: 0.3, reasoning_effort: "minimal", messages: [{ role: "user", content: "Hi" }] });
      expect(completion.choices[0].message.content).toBe(DEFAULT_TEXT);
      expect(fake.requests.at(-1)?.body).toEqual({ model: "o4-mini", max_completion_tokens: 700, reasoning_effort: "minimal", messages: [{ role: "user", content: "Hi" }] });

      // streaming without include_usage: still asked upstream for billing, and not shown to the client
      const stream = await client.chat.completions.create({ model: "think-gpt5", max_tokens: 90, top_p: 0.5, stream: true, messages: [{ role: "user", content: "Hi" }] });
      let text = "";
      for await (const chunk of stream) {
        expect(chunk.usage ?? null).toBeNull();
        text += chunk.choices[0]?.delta?.content ?? "";
      }
      expect(text).toBe(DEFAULT_TEXT);
      expect(fake.requests.at(-1)?.body).toEqual({ model: "gpt-5-mini", max_completion_tokens: 90, stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "Hi" }] });
      expect(await lastLog(customer.keyId)).toMatchObject({ model: "think-gpt5", is_stream: true, output_tokens: 5, usage_estimated: false });

      await client.chat.completions.create({ model: "plain-4o", max_tokens: 700, temperature: 0.3, messages: [{ role: "user", content: "Hi" }] });
      expect(fake.requests.at(-1)?.body).toEqual({ model: "gpt-4o", max_tokens: 700, temperature: 0.3, messages: [{ role: "user", content: "Hi" }] });
    });

    it("Responses (Codex CLI) through a chat-only channel: reasoning.effort as reasoning_effort, max_output_tokens as max_completion_tokens", async () => {
      const client = openaiClient(relay, customer.secret);
      const response = await client.responses.create({ model: "think-gpt5", input: "Hi", reasoning: { effort: "high" }, max_output_tokens: 5_000 });
      expect(response.output_text).toBe(DEFAULT_TEXT);
      const upstream = fake.requests.at(-1);
      expect(upstream?.path).toBe("/v1/chat/completions");
      expect(upstream?.body).toMatchObject({ model: "gpt-5-mini", reasoning_effort: "high", max_completion_tokens: 5_000 });
      expect(upstream?.body).not.toHaveProperty("max_tokens");

      await client.responses.create({ model: "plain-4o", input: "Hi", reasoning: { effort: "high" }, max_output_tokens: 500 });
      expect(fake.requests.at(-1)?.body).toMatchObject({ model: "gpt-4o", max_tokens: 500 });
      expect(fake.requests.at(-1)?.body).not.toHaveProperty("reasoning_effort");
    });
  });

  describe("OpenAI-compatible thinking models in a converted tool loop", () => {
    it("Claude Code's thinking blocks go back to DeepSeek as reasoning_content (its thinking mode refuses a loop without), and to no model that refuses the field", async () => {
      fake.setBehavior({ reasoning: "Checking the file.", toolCall: { name: "read", arguments: { path: "a.txt" } } });
      const client = anthropicClient(relay, customer.secret);
      const tools = [{ name: "read", input_schema: { type: "object" as const, properties: { path: { type: "string" } } } }];
      const ask = { max_tokens: 1_000, tools, messages: [{ role: "user" as const, content: "Read a.txt" }] };
      const first = await client.messages.create({ model: "ds-think", ...ask });
      expect(first.content.map((block) => block.type)).toEqual(["thinking", "tool_use"]);
      const toolUse = first.content.find((block) => block.type === "tool_use");
      fake.setBehavior({});
      const loop = [
        ...ask.messages,
        { role: "assistant" as const, content: first.content },
        { role: "user" as const, content: [{ type: "tool_result" as const, tool_use_id: toolUse?.type === "tool_use" ? toolUse.id : "", content: "hello" }] },
      ];
      const second = await client.messages.create({ model: "ds-think", ...ask, messages: loop });
      expect(second.content).toEqual([{ type: "text", text: DEFAULT_TEXT }]);
      expect((fake.requests.at(-1)?.body as { messages: Record<string, unknown>[] }).messages[1]).toMatchObject({ role: "assistant", reasoning_content: "Checking the file.", tool_calls: [{ function: { name: "read" } }] });

      // the same history on gpt-4o (OpenAI refuses a reasoning_content it does not know): the text stays behind
      await client.messages.create({ model: "plain-4o", ...ask, messages: loop });
      expect(fake.requests.at(-1)?.body).toMatchObject({ model: "gpt-4o" });
      expect(JSON.stringify(fake.requests.at(-1)?.body)).not.toContain("reasoning_content");
      expect(await lastLog(customer.keyId)).toMatchObject({ model: "plain-4o", status: 200 });
    });

    it("a chat client that keeps no reasoning (Cursor, opencode): the relay puts DeepSeek's own back on the turn that called the tools, JSON and stream", async () => {
      const client = openaiClient(relay, customer.secret);
      const tools = [{ type: "function" as const, function: { name: "read", parameters: { type: "object", properties: { path: { type: "string" } } } } }];
      for (const stream of [false, true]) {
        fake.setBehavior({ reasoning: `Checking the file (${stream ? "stream" : "JSON"}).`, toolCall: { name: "read", arguments: { path: "a.txt" } } });
        let call: { id: string; name: string; args: string };
        if (stream) {
          const chunks = await client.chat.completions.create({ model: "ds-think", tools, stream: true, messages: [{ role: "user", content: "Read a.txt" }] });
          call = { id: "", name: "", args: "" };
          let sawUsage = false;
          for await (const chunk of chunks) {
            sawUsage ||= chunk.usage != null;
            const delta = chunk.choices[0]?.delta?.tool_calls?.[0];
            call.id ||= delta?.id ?? "";
            call.name += delta?.function?.name ?? "";
            call.args += delta?.function?.arguments ?? "";
          }
          // the usage chunk the client did not ask for stays behind, as in any passthrough, and still bills the stream
          expect(sawUsage).toBe(false);
          expect(await lastLog(customer.keyId)).toMatchObject({ model: "ds-think", status: 200, output_tokens: 10, reasoning_tokens: 3, usage_estimated: false });
        } else {
          const first = await client.chat.completions.create({ model: "ds-think", tools, messages: [{ role: "user", content: "Read a.txt" }] });
          const toolCall = first.choices[0].message.tool_calls?.[0];
          call = { id: toolCall?.id ?? "", name: toolCall?.type === "function" ? toolCall.function.name : "", args: toolCall?.type === "function" ? toolCall.function.arguments : "" };
        }
        expect(call).toMatchObject({ id: "call_fake1", name: "read" });
        fake.setBehavior({});
        // sent back the way such clients do: the tool calls, no reasoning_content
        const answer = await client.chat.completions.create({
          model: "ds-think",
          tools,
          messages: [
            { role: "user", content: "Read a.txt" },
            { role: "assistant", content: null, tool_calls: [{ id: call.id, type: "function", function: { name: call.name, arguments: call.args } }] },
            { role: "tool", tool_call_id: call.id, content: "hello" },
          ],
        });
        expect(answer.choices[0].message.content).toBe(DEFAULT_TEXT);
        expect((fake.requests.at(-1)?.body as { messages: Record<string, unknown>[] }).messages[1]).toMatchObject({ reasoning_content: `Checking the file (${stream ? "stream" : "JSON"}).` });
      }
      expect(await lastLog(customer.keyId)).toMatchObject({ model: "ds-think", status: 200 });
    });

    it("Codex CLI's reasoning items go back to DeepSeek as reasoning_content", async () => {
      fake.setBehavior({ reasoning: "Checking the file.", toolCall: { name: "read", arguments: { path: "a.txt" } } });
      const client = openaiClient(relay, customer.secret);
      const tools = [{ type: "function" as const, name: "read", parameters: { type: "object", properties: { path: { type: "string" } } }, strict: false }];
      const first = await client.responses.create({ model: "ds-think", tools, store: false, stream: true, input: "Read a.txt" });
      const items: Record<string, unknown>[] = [];
      for await (const event of first) if (event.type === "response.output_item.done") items.push(event.item as unknown as Record<string, unknown>);
      expect(items.map((item) => item.type)).toEqual(["reasoning", "function_call"]);
      fake.setBehavior({});
      const input = [{ role: "user", content: "Read a.txt" }, ...items, { type: "function_call_output", call_id: items[1].call_id, output: "hello" }];
      const second = await client.responses.create({ model: "ds-think", tools, store: false, input: input as unknown as Parameters<typeof client.responses.create>[0]["input"] });
      expect(second.output_text).toBe(DEFAULT_TEXT);
      expect((fake.requests.at(-1)?.body as { messages: Record<string, unknown>[] }).messages[1]).toMatchObject({ role: "assistant", reasoning_content: "Checking the file." });
    });
  });

  describe("an app that switches models mid-conversation", () => {
    it("the reasoning the relay handed out on earlier answers (reasoning_content, Claude's thinking_blocks) does not reach OpenAI's own models, which refuse it; DeepSeek still gets its own", async () => {
      const client = openaiClient(relay, customer.secret);
      const history = [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello.", reasoning_content: "Greeting back.", thinking_blocks: [{ type: "thinking", thinking: "Greeting back.", signature: "EqQBCgIYAhIM-fake-signature" }] },
        { role: "user", content: "Again" },
      ];
      const messages = history as Parameters<typeof client.chat.completions.create>[0]["messages"];
      const answer = await client.chat.completions.create({ model: "plain-4o", messages });
      expect(answer.choices[0].message.content).toBe(DEFAULT_TEXT);
      expect(fake.requests.at(-1)?.body).toEqual({ model: "gpt-4o", messages: [history[0], { role: "assistant", content: "Hello." }, history[2]] });
      const streamed = await client.chat.completions.create({ model: "plain-4o", stream: true, messages });
      for await (const chunk of streamed) void chunk;
      expect(JSON.stringify(fake.requests.at(-1)?.body)).not.toContain("Greeting back.");

      await client.chat.completions.create({ model: "ds-think", messages });
      expect((fake.requests.at(-1)?.body as { messages: Record<string, unknown>[] }).messages[1]).toMatchObject({ reasoning_content: "Greeting back." });
      expect(await lastLog(customer.keyId)).toMatchObject({ model: "ds-think", status: 200 });
    });
  });

  describe("Claude models behind a converted request", () => {
    const hi = [{ role: "user" as const, content: "Hi" }];
    const sentHi = [{ role: "user", content: [{ type: "text", text: "Hi" }] }];

    it("Opus 4.8: no temperature or top_p (it refuses them); reasoning_effort as adaptive thinking and its effort, the thinking back as reasoning_content", async () => {
      fake.setBehavior({ reasoning: "Weighing it." });
      const client = openaiClient(relay, customer.secret);
      const before = await balanceOf(customer.walletId);
      const completion = await client.chat.completions.create({ model: "claude-new", max_tokens: 2_000, temperature: 0.7, top_p: 0.9, reasoning_effort: "high", messages: hi });
      expect(completion.choices[0].message.content).toBe(DEFAULT_TEXT);
      expect((completion.choices[0].message as { reasoning_content?: string }).reasoning_content).toBe("Weighing it.");
      expect(fake.requests.at(-1)?.body).toEqual({
        model: "claude-opus-4-8",
        max_tokens: 2_000,
        thinking: { type: "adaptive", display: "summarized" },
        output_config: { effort: "high" },
        messages: sentHi,
      });
      // (the fake counts 3 tokens of thinking beside the answer's 5)
      expect(await balanceOf(customer.walletId)).toBe(before - testCost({ input: 12, output: 8 }));

      // streaming, the playground's temperature, no effort: sampling left out, nothing else added
      fake.setBehavior({});
      const stream = await client.chat.completions.create({ model: "claude-new", temperature: 0.7, stream: true, messages: hi });
      let text = "";
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
      expect(text).toBe(DEFAULT_TEXT);
      expect(fake.requests.at(-1)?.body).toEqual({ model: "claude-opus-4-8", max_tokens: expect.any(Number), stream: true, messages: sentHi });
      expect(await lastLog(customer.keyId)).toMatchObject({ model: "claude-new", status: 200, output_tokens: 5 });
    });

    it("Sonnet 4.6: temperature without top_p; thinking only where a chat client can take it (not in a tool loop, not with a forced tool)", async () => {
      const client = openaiClient(relay, customer.secret);
      await client.chat.completions.create({ model: "claude-mid", max_tokens: 500, temperature: 0.5, top_p: 0.9, messages: hi });
      expect(fake.requests.at(-1)?.body).toEqual({ model: "claude-sonnet-4-6", max_tokens: 500, temperature: 0.5, messages: sentHi });

      // thinking on: Anthropic then takes no temperature but 1 and no top_p under 0.95; xhigh is high on this model
      const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"], additionalProperties: false };
      await client.chat.completions.create({
        model: "claude-mid",
        max_tokens: 500,
        temperature: 0.5,
        top_p: 0.9,
        reasoning_effort: "xhigh" as "high",
        response_format: { type: "json_schema", json_schema: { name: "reply", schema } },
        messages: hi,
      });
      expect(fake.requests.at(-1)?.body).toEqual({
        model: "claude-sonnet-4-6",
        max_tokens: 500,
        thinking: { type: "adaptive" },
        output_config: { format: { type: "json_schema", schema }, effort: "high" },
        messages: sentHi,
      });

      // a tool loop's next request: the effort, no thinking (its assistant turn cannot carry a signed thinking block)
      const tools = [{ type: "function" as const, function: { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } } } }];
      const loop = [
        { role: "user" as const, content: "Look it up" },
        { role: "assistant" as const, content: null, tool_calls: [{ id: "call_1", type: "function" as const, function: { name: "lookup", arguments: '{"q":"x"}' } }] },
        { role: "tool" as const, tool_call_id: "call_1", content: "found" },
      ];
      await client.chat.completions.create({ model: "claude-mid", max_tokens: 500, temperature: 0.5, reasoning_effort: "medium", tools, messages: loop });
      const sent = fake.requests.at(-1)?.body as Record<string, unknown>;
      expect(sent).toMatchObject({ model: "claude-sonnet-4-6", temperature: 0.5, output_config: { effort: "medium" } });
      expect(sent).not.toHaveProperty("thinking");

      // a forced tool: the same
      await client.chat.completions.create({ model: "claude-mid", reasoning_effort: "low", tools, tool_choice: "required", messages: hi });
      expect(fake.requests.at(-1)?.body).toMatchObject({ tool_choice: { type: "any" }, output_config: { effort: "low" } });
      expect(fake.requests.at(-1)?.body).not.toHaveProperty("thinking");
    });

    it("Sonnet 4.5: reasoning_effort as a thinking budget that leaves room for the answer; none and a small max_tokens ask for none", async () => {
      const client = openaiClient(relay, customer.secret);
      await client.chat.completions.create({ model: "claude-older", max_tokens: 10_000, temperature: 0.3, reasoning_effort: "high", messages: hi });
      expect(fake.requests.at(-1)?.body).toEqual({ model: "claude-sonnet-4-5", max_tokens: 10_000, thinking: { type: "enabled", budget_tokens: 8_976 }, messages: sentHi });

      await client.chat.completions.create({ model: "claude-older", max_tokens: 1_500, temperature: 0.3, reasoning_effort: "low", messages: hi });
      expect(fake.requests.at(-1)?.body).toEqual({ model: "claude-sonnet-4-5", max_tokens: 1_500, temperature: 0.3, messages: sentHi });

      await client.chat.completions.create({ model: "claude-older", max_tokens: 4_000, reasoning_effort: "none" as "low", messages: hi });
      expect(fake.requests.at(-1)?.body).toEqual({ model: "claude-sonnet-4-5", max_tokens: 4_000, messages: sentHi });
    });

    it("Claude 5, which thinks unless told not to: thinking turned off where a chat client cannot keep it (a tool loop, a forced tool)", async () => {
      const client = openaiClient(relay, customer.secret);
      const tools = [{ type: "function" as const, function: { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } } } }];
      const loop = [
        { role: "user" as const, content: "Look it up" },
        { role: "assistant" as const, content: null, tool_calls: [{ id: "call_1", type: "function" as const, function: { name: "lookup", arguments: '{"q":"x"}' } }] },
        { role: "tool" as const, tool_call_id: "call_1", content: "found" },
      ];
      const answer = await client.chat.completions.create({ model: "claude-o5", tools, messages: loop });
      expect(answer.choices[0].message.content).toBe(DEFAULT_TEXT);
      expect(fake.requests.at(-1)?.body).toMatchObject({ model: "claude-opus-5", thinking: { type: "disabled" } });

      // a forced tool at xhigh: off, at the highest effort it is taken with thinking off
      await client.chat.completions.create({ model: "claude-o5", tools, tool_choice: "required", reasoning_effort: "xhigh" as "high", messages: hi });
      expect(fake.requests.at(-1)?.body).toMatchObject({ tool_choice: { type: "any" }, thinking: { type: "disabled" }, output_config: { effort: "high" } });

      // a new user turn: the model's own default (thinking on), or the effort asked for
      await client.chat.completions.create({ model: "claude-o5", messages: hi });
      expect(fake.requests.at(-1)?.body).not.toHaveProperty("thinking");
      await client.chat.completions.create({ model: "claude-o5", reasoning_effort: "high", messages: hi });
      expect(fake.requests.at(-1)?.body).toMatchObject({ thinking: { type: "adaptive", display: "summarized" }, output_config: { effort: "high" } });
    });

    it("JSON mode on a Claude model that always thinks (Fable): asked in the system prompt, not through a forced tool it would refuse", async () => {
      const response = await openaiClient(relay, customer.secret).chat.completions.create({ model: "claude-fable", response_format: { type: "json_object" }, messages: hi });
      expect(response.choices[0].message.content).toBe(DEFAULT_TEXT);
      const body = fake.requests.at(-1)?.body as Record<string, unknown>;
      expect(body.system).toBe("Answer with one JSON object only, with no text before or after it and no Markdown code fence.");
      expect(body).not.toHaveProperty("tools");
      expect(body).not.toHaveProperty("thinking");

      // Opus 5 can turn thinking off: the forced tool, with thinking off
      await openaiClient(relay, customer.secret).chat.completions.create({ model: "claude-o5", response_format: { type: "json_object" }, messages: hi });
      expect(fake.requests.at(-1)?.body).toMatchObject({ tool_choice: { type: "tool", name: "json_answer" }, thinking: { type: "disabled" } });
    });

    it("a system message later in the conversation: in place for a model with preserved thinking (Fable), whose earlier thinking it would otherwise void; in the system prompt for the others", async () => {
      const client = openaiClient(relay, customer.secret);
      const messages = [
        { role: "system" as const, content: "Be brief." },
        { role: "user" as const, content: "Hi" },
        { role: "assistant" as const, content: "Hello." },
        { role: "developer" as const, content: "From now on, answer in French." },
        { role: "user" as const, content: "Again" },
      ];
      await client.chat.completions.create({ model: "claude-fable", messages });
      expect(fake.requests.at(-1)?.body).toMatchObject({
        system: "Be brief.",
        messages: [
          { role: "user", content: [{ type: "text", text: "Hi" }] },
          { role: "assistant", content: [{ type: "text", text: "Hello." }] },
          { role: "system", content: [{ type: "text", text: "From now on, answer in French." }] },
          { role: "user", content: [{ type: "text", text: "Again" }] },
        ],
      });
      await client.chat.completions.create({ model: "claude-mid", messages });
      const sent = fake.requests.at(-1)?.body as { system: string; messages: { role: string }[] };
      expect(sent.system).toBe("Be brief.\n\nFrom now on, answer in French.");
      expect(sent.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    });

    it("Anthropic clients through a channel's model mapping: the request in the form the upstream Claude model takes", async () => {
      const client = anthropicClient(relay, customer.secret);
      // written for an older Claude (a temperature, a thinking budget), served by Opus 4.8, which refuses both
      const sampling = (values: { temperature?: number }): object => values;
      const message = await client.messages.create({ model: "claude-new", max_tokens: 20_000, ...sampling({ temperature: 0.5 }), thinking: { type: "enabled", budget_tokens: 10_000 }, messages: hi });
      expect(message.content.at(-1)).toEqual({ type: "text", text: DEFAULT_TEXT });
      expect(fake.requests.at(-1)?.body).toEqual({
        model: "claude-opus-4-8",
        max_tokens: 20_000,
        thinking: { type: "adaptive", display: "summarized" },
        output_config: { effort: "medium" },
        messages: hi,
      });

      // written for a newer Claude (adaptive thinking, an effort), served by Sonnet 4.5, which takes a budget instead
      await client.messages.create({ model: "claude-older", max_tokens: 32_000, thinking: { type: "adaptive" }, output_config: { effort: "high" }, messages: hi } as Parameters<typeof client.messages.create>[0]);
      expect(fake.requests.at(-1)?.body).toEqual({ model: "claude-sonnet-4-5", max_tokens: 32_000, thinking: { type: "enabled", budget_tokens: 24_576 }, messages: hi });
    });

    it("a conversation ending with the assistant's turn: continued after a user turn where the model refuses a prefill (4.6 on), a prefill without trailing whitespace before", async () => {
      const client = openaiClient(relay, customer.secret);
      const unfinished = [...hi, { role: "assistant" as const, content: "Once upon a time " }];
      const sentTurn = { role: "assistant", content: [{ type: "text", text: "Once upon a time " }] };
      const continueTurn = { role: "user", content: [{ type: "text", text: CONTINUE_INSTRUCTION }] };
      const before = await balanceOf(customer.walletId);
      const answer = await client.chat.completions.create({ model: "claude-new", max_tokens: 300, messages: unfinished });
      expect(answer.choices[0].message.content).toBe(DEFAULT_TEXT);
      expect(fake.requests.at(-1)?.body).toEqual({ model: "claude-opus-4-8", max_tokens: 300, messages: [...sentHi, sentTurn, continueTurn] });
      expect(await balanceOf(customer.walletId)).toBe(before - testCost({ input: 12, output: 5 }));
      expect(await lastLog(customer.keyId)).toMatchObject({ model: "claude-new", status: 200 });

      // streamed, with an effort: the conversation now ends with a user's turn, so the model may think
      fake.setBehavior({ reasoning: "Picking up." });
      const stream = await client.chat.completions.create({ model: "claude-mid", max_tokens: 300, reasoning_effort: "low", stream: true, messages: unfinished });
      let text = "";
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
      expect(text).toBe(DEFAULT_TEXT);
      expect(fake.requests.at(-1)?.body).toMatchObject({ model: "claude-sonnet-4-6", thinking: { type: "adaptive" }, messages: [...sentHi, sentTurn, continueTurn] });

      // Sonnet 4.5 takes the prefill, but not with whitespace at its end; a turn of whitespace alone goes
      fake.setBehavior({});
      await client.chat.completions.create({ model: "claude-older", max_tokens: 300, messages: unfinished });
      expect(fake.requests.at(-1)?.body).toEqual({ model: "claude-sonnet-4-5", max_tokens: 300, messages: [...sentHi, { role: "assistant", content: [{ type: "text", text: "Once upon a time" }] }] });
      await client.chat.completions.create({ model: "claude-older", max_tokens: 300, messages: [...hi, { role: "assistant", content: "\n" }] });
      expect(fake.requests.at(-1)?.body).toEqual({ model: "claude-sonnet-4-5", max_tokens: 300, messages: sentHi });

      // an Anthropic client's prefill, served through the mapping by Opus 4.8
      const message = await anthropicClient(relay, customer.secret).messages.create({ model: "claude-new", max_tokens: 300, messages: [...hi, { role: "assistant", content: "{" }] });
      expect(message.content).toEqual([{ type: "text", text: DEFAULT_TEXT }]);
      expect(fake.requests.at(-1)?.body).toEqual({ model: "claude-opus-4-8", max_tokens: 300, messages: [...hi, { role: "assistant", content: "{" }, continueTurn] });
    });

    it("Responses (Codex CLI) through an Anthropic channel: reasoning.effort as thinking and effort, JSON and stream", async () => {
      fake.setBehavior({ reasoning: "Planning." });
      const client = openaiClient(relay, customer.secret);
      const response = await client.responses.create({ model: "claude-new", input: "Hi", reasoning: { effort: "medium" }, max_output_tokens: 4_000 });
      expect(response.output_text).toBe(DEFAULT_TEXT);
      const upstream = fake.requests.at(-1);
      expect(upstream?.path).toBe("/v1/messages");
      expect(upstream?.body).toMatchObject({ model: "claude-opus-4-8", max_tokens: 4_000, thinking: { type: "adaptive", display: "summarized" }, output_config: { effort: "medium" } });

      const stream = await client.responses.create({ model: "claude-older", input: "Hi", reasoning: { effort: "low" }, max_output_tokens: 8_000, stream: true });
      let text = "";
      for await (const event of stream) if (event.type === "response.output_text.delta") text += event.delta;
      expect(text).toBe(DEFAULT_TEXT);
      expect(fake.requests.at(-1)?.body).toMatchObject({ model: "claude-sonnet-4-5", stream: true, thinking: { type: "enabled", budget_tokens: 2_048 } });
      expect(await lastLog(customer.keyId)).toMatchObject({ model: "claude-older", endpoint: expect.stringContaining("responses"), status: 200 });
    });
  });

  describe("Claude's thinking through a converted tool loop", () => {
    const tools = [{ type: "function" as const, name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } }, strict: false }];
    const signed = { type: "thinking", thinking: "Weighing it.", signature: "EqQBCgIYAhIM-fake-signature" };
    type Item = Record<string, unknown>;

    it("Responses (Codex CLI: store false, reasoning.encrypted_content): the signed thinking rides in the reasoning item, so the next turn of the loop thinks too", async () => {
      fake.setBehavior({ reasoning: "Weighing it.", toolCall: { name: "lookup", arguments: { q: "x" } } });
      const client = openaiClient(relay, customer.secret);
      const ask = { model: "claude-mid", reasoning: { effort: "high" as const }, include: ["reasoning.encrypted_content" as const], store: false, tools };
      const first = await client.responses.create({ ...ask, input: "Look it up" });
      const reasoning = first.output.find((item) => item.type === "reasoning") as Item | undefined;
      expect(reasoning).toMatchObject({ summary: [{ type: "summary_text", text: "Weighing it." }], encrypted_content: expect.stringMatching(/^switchyard-thinking-v1:/) });
      expect(first.output.map((item) => item.type)).toEqual(["reasoning", "message", "function_call"]);

      // the client sends its history back, with the tool's result: Anthropic requires the signed block again
      fake.setBehavior({ reasoning: "Now answering." });
      const loop = [{ role: "user" as const, content: "Look it up" }, ...first.output, { type: "function_call_output" as const, call_id: "toolu_fake1", output: "found" }];
      const second = await client.responses.create({ ...ask, input: loop as Parameters<typeof client.responses.create>[0]["input"] });
      expect(second.output_text).toBe(DEFAULT_TEXT);
      const sent = fake.requests.at(-1)?.body as { thinking?: unknown; messages: { role: string; content: Item[] }[] };
      expect(sent.thinking).toEqual({ type: "adaptive" });
      expect(sent.messages[1]).toEqual({ role: "assistant", content: [signed, { type: "text", text: DEFAULT_TEXT }, { type: "tool_use", id: "toolu_fake1", name: "lookup", input: { q: "x" } }] });

      // streamed: the block follows its text, and the item that closes carries it
      fake.setBehavior({ reasoning: "Weighing it.", toolCall: { name: "lookup", arguments: { q: "x" } } });
      const stream = await client.responses.create({ ...ask, input: "Look it up", stream: true });
      const items: Item[] = [];
      for await (const event of stream) if (event.type === "response.output_item.done") items.push(event.item as unknown as Item);
      expect(items[0]).toMatchObject({ type: "reasoning", encrypted_content: reasoning?.encrypted_content });
      fake.setBehavior({});
      const streamedLoop = [{ role: "user" as const, content: "Look it up" }, ...items, { type: "function_call_output" as const, call_id: "toolu_fake1", output: "found" }];
      await client.responses.create({ ...ask, input: streamedLoop as unknown as Parameters<typeof client.responses.create>[0]["input"] });
      expect((fake.requests.at(-1)?.body as typeof sent).messages[1].content[0]).toEqual(signed);
      expect(await lastLog(customer.keyId)).toMatchObject({ model: "claude-mid", status: 200 });
    });

    it("thinking between the text and the tool call (interleaved) goes back where it came, JSON and stream: Anthropic refuses a latest turn whose blocks moved", async () => {
      const client = openaiClient(relay, customer.secret);
      const ask = { model: "claude-new", reasoning: { effort: "high" as const }, include: ["reasoning.encrypted_content" as const], store: false, tools };
      const placed = (index: number, thinking: string) => ({ type: "thinking", thinking, signature: `EqQBCgIYAhIM-fake-signature-at-${index}` });
      const expected = [placed(0, "First."), { type: "text", text: DEFAULT_TEXT }, placed(2, "Then the tool."), { type: "tool_use", id: "toolu_fake1", name: "lookup", input: { q: "x" } }];
      for (const stream of [false, true]) {
        fake.setBehavior({ reasoning: "First.", thinkingBeforeTool: "Then the tool.", toolCall: { name: "lookup", arguments: { q: "x" } } });
        let output: Item[];
        if (stream) {
          output = [];
          for await (const event of await client.responses.create({ ...ask, input: "Look it up", stream: true })) {
            if (event.type === "response.output_item.done") output.push(event.item as unknown as Item);
          }
        } else output = (await client.responses.create({ ...ask, input: "Look it up" })).output as unknown as Item[];
        // a stream gives each block its own reasoning item, in order; a JSON answer one item for the answer's reasoning
        expect(output.map((item) => item.type)).toEqual(stream ? ["reasoning", "message", "reasoning", "function_call"] : ["reasoning", "message", "function_call"]);
        fake.setBehavior({});
        const loop = [{ role: "user", content: "Look it up" }, ...output, { type: "function_call_output", call_id: "toolu_fake1", output: "found" }];
        const next = await client.responses.create({ ...ask, input: loop as unknown as Parameters<typeof client.responses.create>[0]["input"] });
        expect(next.output_text).toBe(DEFAULT_TEXT);
        expect((fake.requests.at(-1)?.body as { messages: { content: Item[] }[] }).messages[1].content).toEqual(expected);
      }
    });

    it("store false without encrypted_content asked for, or where the effort asks for none, the loop goes on without thinking; Claude 5 keeps its own thinking on when the block comes back", async () => {
      fake.setBehavior({ reasoning: "Weighing it.", toolCall: { name: "lookup", arguments: { q: "x" } } });
      const client = openaiClient(relay, customer.secret);
      const first = await client.responses.create({ model: "claude-mid", reasoning: { effort: "high" }, store: false, tools, input: "Look it up" });
      expect(first.output.find((item) => item.type === "reasoning")).not.toHaveProperty("encrypted_content");
      fake.setBehavior({});
      const loop = [{ role: "user" as const, content: "Look it up" }, ...first.output, { type: "function_call_output" as const, call_id: "toolu_fake1", output: "found" }];
      await client.responses.create({ model: "claude-mid", reasoning: { effort: "high" }, store: false, tools, input: loop as Parameters<typeof client.responses.create>[0]["input"] });
      expect(fake.requests.at(-1)?.body).not.toHaveProperty("thinking");

      // carried back, but this turn asks for no thinking: the blocks are left out with it
      fake.setBehavior({ reasoning: "Weighing it.", toolCall: { name: "lookup", arguments: { q: "x" } } });
      const kept = await client.responses.create({ model: "claude-mid", reasoning: { effort: "high" }, include: ["reasoning.encrypted_content"], tools, input: "Look it up" });
      fake.setBehavior({});
      const keptLoop = [{ role: "user" as const, content: "Look it up" }, ...kept.output, { type: "function_call_output" as const, call_id: "toolu_fake1", output: "found" }];
      await client.responses.create({ model: "claude-mid", tools, input: keptLoop as Parameters<typeof client.responses.create>[0]["input"] });
      const plain = fake.requests.at(-1)?.body as { messages: { content: Item[] }[] };
      expect(plain).not.toHaveProperty("thinking");
      expect(plain.messages[1].content.map((block) => block.type)).toEqual(["text", "tool_use"]);

      // Claude 5 thinks unless told not to: with its block back it is not told to
      await client.responses.create({ model: "claude-o5", tools, input: keptLoop as Parameters<typeof client.responses.create>[0]["input"] });
      const o5 = fake.requests.at(-1)?.body as { thinking?: unknown; messages: { content: Item[] }[] };
      expect(o5.thinking).toBeUndefined();
      expect(o5.messages[1].content[0]).toEqual(signed);
    });

    it("a stored response continued by previous_response_id (the OpenAI SDK's way): its thinking goes on with it", async () => {
      fake.setBehavior({ reasoning: "Weighing it.", toolCall: { name: "lookup", arguments: { q: "x" } } });
      const client = openaiClient(relay, customer.secret);
      const first = await client.responses.create({ model: "claude-mid", reasoning: { effort: "medium" }, tools, input: "Look it up" });
      fake.setBehavior({});
      const next = await client.responses.create({
        model: "claude-mid",
        reasoning: { effort: "medium" },
        tools,
        previous_response_id: first.id,
        input: [{ type: "function_call_output", call_id: "toolu_fake1", output: "found" }],
      });
      expect(next.output_text).toBe(DEFAULT_TEXT);
      const sent = fake.requests.at(-1)?.body as { thinking?: unknown; messages: { role: string; content: Item[] }[] };
      expect(sent.thinking).toEqual({ type: "adaptive" });
      expect(sent.messages[1].content[0]).toEqual(signed);
    });

    it("a chat client that sends Claude's thinking_blocks back (LiteLLM's form) keeps thinking on in its tool loop; an OpenAI upstream never gets the relay's reasoning items nor their blocks", async () => {
      const client = openaiClient(relay, customer.secret);
      const history = [
        { role: "user", content: "Look it up" },
        { role: "assistant", content: null, thinking_blocks: [signed], tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: '{"q":"x"}' } }] },
        { role: "tool", tool_call_id: "call_1", content: "found" },
      ];
      const chatTools = [{ type: "function" as const, function: { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } } } }];
      await client.chat.completions.create({ model: "claude-mid", reasoning_effort: "medium", tools: chatTools, messages: history as Parameters<typeof client.chat.completions.create>[0]["messages"] });
      const sent = fake.requests.at(-1)?.body as { thinking?: unknown; messages: { content: Item[] }[] };
      expect(sent.thinking).toEqual({ type: "adaptive" });
      expect(sent.messages[1].content[0]).toEqual(signed);

      // a Codex session moved to a model on an OpenAI channel with the Responses API: the relay's items stay behind
      const ours = { type: "reasoning", id: "rs_1", summary: [], encrypted_content: "switchyard-thinking-v1:W10=" };
      const theirs = { type: "reasoning", id: "rs_2", summary: [], encrypted_content: "gAAAAB-openai-own" };
      await client.responses.create({ model: "via-openai-responses", input: [{ role: "user", content: "Hi" }, ours, theirs] as Parameters<typeof client.responses.create>[0]["input"] });
      expect(fake.requests.at(-1)?.path).toBe("/v1/responses");
      expect((fake.requests.at(-1)?.body as { input: Item[] }).input).toEqual([{ role: "user", content: "Hi" }, theirs]);

      // …and to a chat-only channel's model (OpenAI refuses a field it does not know): the blocks stay behind too
      const carried = { type: "reasoning", id: "rs_3", summary: [], encrypted_content: `switchyard-thinking-v1:${Buffer.from(JSON.stringify([signed])).toString("base64")}` };
      const moved = [{ role: "user", content: "Hi" }, carried, { type: "message", role: "assistant", content: [{ type: "output_text", text: "Hello." }] }, { role: "user", content: "Again" }];
      const answer = await client.responses.create({ model: "plain-4o", input: moved as unknown as Parameters<typeof client.responses.create>[0]["input"] });
      expect(answer.output_text).toBe(DEFAULT_TEXT);
      expect(JSON.stringify(fake.requests.at(-1)?.body)).not.toContain("thinking");
    });
  });

  describe("Gemini thinking from the effort asked for", () => {
    const hi = [{ role: "user" as const, content: "Hi" }];
    const thinkingConfig = () => (fake.requests.at(-1)?.body as { generationConfig?: { thinkingConfig?: unknown } }).generationConfig?.thinkingConfig;

    it("chat reasoning_effort: a thinking level on Gemini 3 (Pro: low or high), a budget on 2.5 (never 0 on Pro), thought summaries back as reasoning_content", async () => {
      fake.setBehavior({ reasoning: "Considering." });
      const client = openaiClient(relay, customer.secret);
      const pro3 = await client.chat.completions.create({ model: "gem-pro3", reasoning_effort: "medium", messages: hi });
      expect(thinkingConfig()).toEqual({ thinkingLevel: "high", includeThoughts: true });
      expect((pro3.choices[0].message as { reasoning_content?: string }).reasoning_content).toBe("Considering.");
      expect(pro3.choices[0].message.content).toBe(DEFAULT_TEXT);

      const stream = await client.chat.completions.create({ model: "gem-flash25", reasoning_effort: "low", stream: true, messages: hi });
      let reasoning = "";
      for await (const chunk of stream) reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? "";
      expect(thinkingConfig()).toEqual({ thinkingBudget: 1_024, includeThoughts: true });
      expect(reasoning).toBe("Considering.");

      const off = await client.chat.completions.create({ model: "gem-flash25", reasoning_effort: "none" as "low", messages: hi });
      expect(thinkingConfig()).toEqual({ thinkingBudget: 0 });
      expect(off.choices[0].message).not.toHaveProperty("reasoning_content");
      await client.chat.completions.create({ model: "gem-pro25", reasoning_effort: "minimal", messages: hi });
      expect(thinkingConfig()).toEqual({ thinkingBudget: 128 });
      // no effort: Gemini's own default, nothing sent
      await client.chat.completions.create({ model: "gem-pro3", messages: hi });
      expect(thinkingConfig()).toBeUndefined();
    });

    it("a tool loop on Gemini 3 whose calls the relay holds no signature for (another instance served them): each model turn's first call goes back with Google's stand-in", async () => {
      const client = openaiClient(relay, customer.secret);
      const tools = [{ type: "function" as const, function: { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } } } }];
      const loop = [
        { role: "user" as const, content: "Look it up" },
        {
          role: "assistant" as const,
          content: null,
          tool_calls: [
            { id: "call_1", type: "function" as const, function: { name: "lookup", arguments: '{"q":"x"}' } },
            { id: "call_2", type: "function" as const, function: { name: "lookup", arguments: '{"q":"y"}' } },
          ],
        },
        { role: "tool" as const, tool_call_id: "call_1", content: "found x" },
        { role: "tool" as const, tool_call_id: "call_2", content: "found y" },
      ];
      const answer = await client.chat.completions.create({ model: "gem-pro3", tools, messages: loop });
      expect(answer.choices[0].message.content).toBe(DEFAULT_TEXT);
      const contents = (fake.requests.at(-1)?.body as { contents: { role: string; parts: Record<string, unknown>[] }[] }).contents;
      expect(contents[1]).toEqual({
        role: "model",
        parts: [
          { functionCall: { name: "lookup", args: { q: "x" } }, thoughtSignature: "skip_thought_signature_validator" },
          { functionCall: { name: "lookup", args: { q: "y" } } },
        ],
      });
      // Gemini 2.5 needs none: the history goes as it was
      await client.chat.completions.create({ model: "gem-flash25", tools, messages: loop });
      expect(JSON.stringify(fake.requests.at(-1)?.body)).not.toContain("thoughtSignature");
    });

    it("a tool loop on Gemini 3 through the relay: each call goes back with the signature Gemini gave it — chat JSON and stream, Claude Code, Codex CLI", async () => {
      const client = openaiClient(relay, customer.secret);
      const tools = [{ type: "function" as const, function: { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } } } }];
      const sentCall = () => {
        const contents = (fake.requests.at(-1)?.body as { contents: { role: string; parts: Record<string, unknown>[] }[] }).contents;
        return contents.find((content) => content.role === "model")?.parts.find((part) => part.functionCall !== undefined);
      };
      fake.setBehavior({ toolCall: { name: "lookup", arguments: { q: "x" } } });
      const first = await client.chat.completions.create({ model: "gem-pro3", tools, messages: [{ role: "user", content: "Look it up" }] });
      const call = first.choices[0].message.tool_calls?.[0];
      expect(call).toMatchObject({ id: expect.stringMatching(/^call_/), function: { name: "lookup" } });
      // the signature stays with the relay: the client sees the call as OpenAI's clients know it
      expect(JSON.stringify(first)).not.toContain("signature");
      fake.setBehavior({});
      const back = [{ role: "user" as const, content: "Look it up" }, first.choices[0].message, { role: "tool" as const, tool_call_id: call?.id ?? "", content: "found" }];
      await client.chat.completions.create({ model: "gem-pro3", tools, messages: back });
      const issued = sentCall()?.thoughtSignature;
      expect(issued).toMatch(/^fake-gemini-signature-\d+$/);

      // streamed: the call's signature is kept the same way
      fake.setBehavior({ toolCall: { name: "lookup", arguments: { q: "y" } } });
      const stream = await client.chat.completions.create({ model: "gem-pro3", tools, stream: true, messages: [{ role: "user", content: "Look it up" }] });
      let streamedId = "";
      for await (const chunk of stream) streamedId ||= chunk.choices[0]?.delta?.tool_calls?.[0]?.id ?? "";
      fake.setBehavior({});
      const streamedBack = [
        { role: "user" as const, content: "Look it up" },
        { role: "assistant" as const, content: null, tool_calls: [{ id: streamedId, type: "function" as const, function: { name: "lookup", arguments: '{"q":"y"}' } }] },
        { role: "tool" as const, tool_call_id: streamedId, content: "found" },
      ];
      await client.chat.completions.create({ model: "gem-pro3", tools, messages: streamedBack });
      expect(sentCall()?.thoughtSignature).toMatch(/^fake-gemini-signature-\d+$/);
      expect(sentCall()?.thoughtSignature).not.toBe(issued);
      // a call of another function under that id recalls nothing: the stand-in
      await client.chat.completions.create({ model: "gem-pro3", tools, messages: streamedBack.map((m) => (m.role === "assistant" ? { ...m, tool_calls: [{ ...m.tool_calls[0], function: { name: "other", arguments: "{}" } }] } : m)) });
      expect(sentCall()?.thoughtSignature).toBe("skip_thought_signature_validator");
      // nor does another customer's key naming the same call
      const other = await createCustomer({ balance: 1_000_000n });
      await openaiClient(relay, other.secret).chat.completions.create({ model: "gem-pro3", tools, messages: streamedBack });
      expect(sentCall()?.thoughtSignature).toBe("skip_thought_signature_validator");

      // Claude Code (Anthropic Messages): its tool_use id is the call's id
      fake.setBehavior({ toolCall: { name: "lookup", arguments: { q: "z" } } });
      const anthropic = anthropicClient(relay, customer.secret);
      const anthropicTools = [{ name: "lookup", input_schema: { type: "object" as const, properties: { q: { type: "string" } } } }];
      const message = await anthropic.messages.create({ model: "gem-pro3", max_tokens: 500, tools: anthropicTools, messages: [{ role: "user", content: "Look it up" }] });
      const toolUse = message.content.find((block) => block.type === "tool_use");
      fake.setBehavior({});
      await anthropic.messages.create({
        model: "gem-pro3",
        max_tokens: 500,
        tools: anthropicTools,
        messages: [
          { role: "user", content: "Look it up" },
          { role: "assistant", content: message.content },
          { role: "user", content: [{ type: "tool_result", tool_use_id: toolUse?.type === "tool_use" ? toolUse.id : "", content: "found" }] },
        ],
      });
      expect(sentCall()?.thoughtSignature).toMatch(/^fake-gemini-signature-\d+$/);

      // Codex CLI (Responses): its function_call's call_id
      fake.setBehavior({ toolCall: { name: "lookup", arguments: { q: "w" } } });
      const responsesTools = [{ type: "function" as const, name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } }, strict: false }];
      const response = await client.responses.create({ model: "gem-pro3", tools: responsesTools, store: false, input: "Look it up" });
      const functionCall = response.output.find((item) => item.type === "function_call");
      fake.setBehavior({});
      const input = [{ role: "user", content: "Look it up" }, ...response.output, { type: "function_call_output", call_id: functionCall?.type === "function_call" ? functionCall.call_id : "", output: "found" }];
      await client.responses.create({ model: "gem-pro3", tools: responsesTools, store: false, input: input as unknown as Parameters<typeof client.responses.create>[0]["input"] });
      expect(sentCall()?.thoughtSignature).toMatch(/^fake-gemini-signature-\d+$/);
      expect(await lastLog(customer.keyId)).toMatchObject({ model: "gem-pro3", status: 200 });
    });

    it("Claude Code's thinking budget and Codex CLI's reasoning.effort reach Gemini the same way", async () => {
      fake.setBehavior({ reasoning: "Considering." });
      const message = await anthropicClient(relay, customer.secret).messages.create({ model: "gem-flash25", max_tokens: 30_000, thinking: { type: "enabled", budget_tokens: 20_000 }, messages: hi });
      expect(thinkingConfig()).toEqual({ thinkingBudget: 24_576, includeThoughts: true });
      expect(message.content[0]).toMatchObject({ type: "thinking", thinking: "Considering." });

      const response = await openaiClient(relay, customer.secret).responses.create({ model: "gem-pro3", input: "Hi", reasoning: { effort: "low" } });
      expect(thinkingConfig()).toEqual({ thinkingLevel: "low", includeThoughts: true });
      expect(response.output_text).toBe(DEFAULT_TEXT);
    });
  });

  describe("Gemini channel", () => {
    it("serves OpenAI clients, JSON and stream, with thoughts, tools and usage", async () => {
      fake.setBehavior({ reasoning: "Pondering", toolCall: { name: "lookup", arguments: { q: "g" } } });
      const client = openaiClient(relay, customer.secret);
      const completion = await client.chat.completions.create({
        model: "via-gemini",
        max_tokens: 50,
        messages: [{ role: "system", content: "Sys" }, { role: "user", content: "Hi" }],
        tools: [{ type: "function", function: { name: "lookup", parameters: { type: "object", additionalProperties: false, properties: { q: { type: "string" } } } } }],
      });
      const upstream = fake.requests.at(-1);
      expect(upstream?.path).toBe("/v1beta/models/via-gemini:generateContent");
      expect(upstream?.headers["x-goog-api-key"]).toMatch(/^upstream-secret-/);
      expect(upstream?.body).toEqual({
        contents: [{ role: "user", parts: [{ text: "Hi" }] }],
        systemInstruction: { parts: [{ text: "Sys" }] },
        generationConfig: { maxOutputTokens: 50 },
        tools: [{ functionDeclarations: [{ name: "lookup", parametersJsonSchema: { type: "object", additionalProperties: false, properties: { q: { type: "string" } } } }] }],
      });
      expect(completion.choices[0]).toMatchObject({ finish_reason: "tool_calls", message: { content: DEFAULT_TEXT, tool_calls: [{ function: { name: "lookup", arguments: '{"q":"g"}' } }] } });
      expect(completion.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 13, completion_tokens_details: { reasoning_tokens: 3 } });

      fake.setBehavior({});
      const stream = client.chat.completions.stream({ model: "via-gemini", messages: [{ role: "user", content: "Hi" }], stream_options: { include_usage: true } });
      const final = await stream.finalChatCompletion();
      expect(fake.requests.at(-1)?.path).toBe("/v1beta/models/via-gemini:streamGenerateContent?alt=sse");
      expect(final.choices[0].message.content).toBe(DEFAULT_TEXT);
      expect(final.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 5 });
      expect(await lastLog(customer.keyId)).toMatchObject({ is_stream: true, output_tokens: 5, cost: testCost({ input: 12, output: 5 }) });
    });

    it("serves Anthropic clients, streaming", async () => {
      const stream = anthropicClient(relay, customer.secret).messages.stream({ model: "via-gemini", max_tokens: 100, messages: [{ role: "user", content: "Hi" }] });
      const final = await stream.finalMessage();
      expect(final.content).toEqual([{ type: "text", text: DEFAULT_TEXT }]);
      expect(final.usage).toMatchObject({ input_tokens: 12, output_tokens: 5 });
    });
  });
});
