import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createAnthropicStreamReader } from "../providers/anthropic/read-anthropic-stream";
import { geminiAdapter } from "../providers/gemini/adapter";
import { createGeminiStreamReader } from "../providers/gemini/read-gemini-stream";
import { createChatStreamReader } from "../providers/openai/read-openai-stream";
import type { StreamReader } from "../providers/types";
import { type SseEvent, SseParser } from "../sse/sse-parser";
import { anthropicToChatRequest } from "./anthropic-to-chat-request";
import { createAnthropicToChatStream } from "./anthropic-stream-to-chat";
import { createChatToAnthropicStream } from "./chat-stream-to-anthropic";
import { createChatToResponsesStream } from "./chat-stream-to-responses";
import { chatToAnthropicRequest } from "./chat-to-anthropic-request";
import { chatToGeminiRequest } from "./chat-to-gemini-request";
import { embeddingsToGeminiRequest, geminiToEmbeddingsResponse } from "./embeddings-to-gemini";
import { createGeminiToChatStream } from "./gemini-stream-to-chat";
import { geminiToChatResponse } from "./gemini-to-chat-response";
import { imagenToImagesResponse, imagesToImagenRequest } from "./images-to-imagen";
import { geminiJsonSchema, withDefs } from "./json-schema-defs";
import { responsesToChatRequest } from "./responses-to-chat-request";
import type { EventConverter, ProtocolEvent } from "./types";

function fixture(name: string): SseEvent[] {
  const parser = new SseParser();
  return [...parser.push(fs.readFileSync(path.join(__dirname, "__fixtures__", name), "utf8")), ...parser.flush()];
}

const parse = (e: SseEvent): unknown => (e.data === "[DONE]" ? "[DONE]" : JSON.parse(e.data));

function convert(events: SseEvent[], converter: EventConverter): ProtocolEvent[] {
  return [...events.flatMap((e) => converter.push(e.event, parse(e))), ...converter.end()];
}

function read(events: SseEvent[], reader: StreamReader): string {
  let text = "";
  for (const e of events) text += reader.read(e, parse(e)).text ?? "";
  return text;
}

describe("stream readers (usage, completion, delivered text)", () => {
  it("OpenAI chat: usage from the final chunk, done at [DONE]", () => {
    const reader = createChatStreamReader();
    expect(read(fixture("openai-chat-tool.chunks.txt"), reader)).toBe('Let me check.get_weather{"city":"Paris"}');
    expect(reader.usage()).toEqual({ input: { noCache: 40, cacheRead: 10, cacheWrite: 0 }, output: { text: 20, reasoning: 0 } });
    expect(reader.isComplete()).toBe(true);
  });

  it("Anthropic: input and cache usage from message_start, output from message_delta", () => {
    const reader = createAnthropicStreamReader();
    read(fixture("anthropic-thinking-tool.chunks.txt"), reader);
    expect(reader.usage()).toEqual({ input: { noCache: 30, cacheRead: 100, cacheWrite: 5 }, output: { text: 42, reasoning: 0 } });
    expect(reader.isComplete()).toBe(true);
    const cut = createAnthropicStreamReader();
    read(fixture("anthropic-thinking-tool.chunks.txt").slice(0, 6), cut);
    expect(cut.isComplete()).toBe(false);
  });

  it("Gemini: cumulative usage, complete at finishReason", () => {
    const reader = createGeminiStreamReader();
    read(fixture("gemini-tool.chunks.txt"), reader);
    expect(reader.usage()).toEqual({ input: { noCache: 8, cacheRead: 0, cacheWrite: 0 }, output: { text: 12, reasoning: 4 } });
    expect(reader.isComplete()).toBe(true);
  });

  it("Gemini: thoughts are reasoning and cached content a cache read, counted once though every chunk repeats them", () => {
    const reader = createGeminiStreamReader();
    read(fixture("gemini-thinking-cached.chunks.txt"), reader);
    expect(reader.usage()).toEqual({ input: { noCache: 20, cacheRead: 100, cacheWrite: 0 }, output: { text: 7, reasoning: 30 } });
  });
});

describe("stream converters", () => {
  it("OpenAI chunks → Anthropic events", () => {
    const out = convert(fixture("openai-chat-tool.chunks.txt"), createChatToAnthropicStream({ model: "gpt-4o" }));
    expect(out.map((e) => e.event)).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(out[4].data).toMatchObject({ index: 1, content_block: { type: "tool_use", id: "call_x", name: "get_weather" } });
    expect(out[8].data).toEqual({
      type: "message_delta",
      delta: { stop_reason: "tool_use", stop_sequence: null },
      usage: { input_tokens: 40, cache_read_input_tokens: 10, cache_creation_input_tokens: 0, output_tokens: 20 },
    });
  });

  it("Anthropic events → OpenAI chunks (thinking → reasoning_content, usage only when asked)", () => {
    const out = convert(fixture("anthropic-thinking-tool.chunks.txt"), createAnthropicToChatStream({ model: "claude", includeUsage: true }));
    const deltas = out.filter((e) => e.data !== "[DONE]").map((e) => (e.data as { choices: { delta: unknown; finish_reason: unknown }[] }).choices[0]);
    expect(deltas.map((c) => c?.delta)).toEqual([
      { role: "assistant", content: "" },
      { reasoning_content: "Weather needed." },
      { content: "Checking." },
      { tool_calls: [{ index: 0, id: "toolu_1", type: "function", function: { name: "get_weather", arguments: "" } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"city": "Par' } }] },
      { tool_calls: [{ index: 0, function: { arguments: 'is"}' } }] },
      {},
      undefined,
    ]);
    expect(deltas[6]?.finish_reason).toBe("tool_calls");
    expect((out.at(-2)?.data as { usage: unknown }).usage).toMatchObject({ prompt_tokens: 135, completion_tokens: 42, prompt_tokens_details: { cached_tokens: 100 } });
    expect(out.at(-1)?.data).toBe("[DONE]");
    const quiet = convert(fixture("anthropic-thinking-tool.chunks.txt"), createAnthropicToChatStream({ model: "claude", includeUsage: false }));
    expect(quiet.some((e) => typeof e.data === "object" && e.data !== null && "usage" in e.data)).toBe(false);
  });

  it("Gemini chunks → OpenAI chunks", () => {
    const out = convert(fixture("gemini-tool.chunks.txt"), createGeminiToChatStream({ model: "gemini", includeUsage: true }));
    const choices = out.filter((e) => e.data !== "[DONE]").map((e) => (e.data as { choices: { delta: Record<string, unknown>; finish_reason: unknown }[] }).choices[0]);
    expect(choices[1]?.delta).toEqual({ content: "Hel" });
    expect(choices[2]?.delta).toMatchObject({ tool_calls: [{ index: 0, type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] });
    expect(choices[3]?.finish_reason).toBe("tool_calls");
  });

  it("Gemini chunks → OpenAI chunks: one usage chunk, from the last cumulative report, thoughts and cache included", () => {
    const out = convert(fixture("gemini-thinking-cached.chunks.txt"), createGeminiToChatStream({ model: "gemini", includeUsage: true }));
    const usages = out.flatMap((e) => (typeof e.data === "object" && e.data !== null && "usage" in e.data ? [e.data.usage] : []));
    expect(usages).toEqual([{ prompt_tokens: 120, completion_tokens: 37, total_tokens: 157, prompt_tokens_details: { cached_tokens: 100 }, completion_tokens_details: { reasoning_tokens: 30 } }]);
  });

  it("OpenAI chunks → Responses events, function call item with its arguments", () => {
    const out = convert(fixture("openai-chat-tool.chunks.txt"), createChatToResponsesStream({ model: "gpt-4o", request: { model: "gpt-4o" }, customToolNames: new Set() }));
    expect(out.map((e) => e.event)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(out.map((e) => (e.data as { sequence_number: number }).sequence_number)).toEqual(out.map((_, i) => i));
    expect((out.at(-1)?.data as { response: { usage: unknown; output: unknown[] } }).response).toMatchObject({
      usage: { input_tokens: 50, input_tokens_details: { cached_tokens: 10 }, output_tokens: 20 },
      output: [{ type: "message" }, { type: "function_call", call_id: "call_x", name: "get_weather", arguments: '{"city":"Paris"}' }],
    });
  });
});

describe("request converters", () => {
  it("Anthropic → chat keeps system turns (Claude Code sends them) and tool results before the user's text", () => {
    const chat = anthropicToChatRequest(
      {
        model: "m",
        max_tokens: 10,
        messages: [
          { role: "user", content: "Hi" },
          { role: "system", content: [{ type: "text", text: "Reminder" }] },
          { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "f", input: {} }] },
          { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: [{ type: "text", text: "ok" }], is_error: true }, { type: "text", text: "next" }] },
        ],
      },
      { model: "m" },
    );
    expect(chat.messages).toEqual([
      { role: "user", content: "Hi" },
      { role: "system", content: "Reminder" },
      { role: "assistant", content: null, tool_calls: [{ id: "t1", type: "function", function: { name: "f", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "t1", content: "Error: ok" },
      { role: "user", content: "next" },
    ]);
  });

  it("chat → Anthropic merges consecutive tool results and fills max_tokens", () => {
    const request = chatToAnthropicRequest(
      {
        model: "m",
        messages: [
          { role: "user", content: "Hi" },
          { role: "assistant", content: null, tool_calls: [{ id: "a", type: "function", function: { name: "f", arguments: "{}" } }, { id: "b", type: "function", function: { name: "f", arguments: "not json" } }] },
          { role: "tool", tool_call_id: "a", content: "1" },
          { role: "tool", tool_call_id: "b", content: "2" },
        ],
        stop: "END",
        parallel_tool_calls: false,
        tools: [{ type: "function", function: { name: "f" } }],
      },
      { model: "m", defaultMaxTokens: 777 },
    );
    expect(request.max_tokens).toBe(777);
    expect(request.stop_sequences).toEqual(["END"]);
    expect(request.tool_choice).toEqual({ type: "auto", disable_parallel_tool_use: true });
    expect(request.messages[2]).toEqual({
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "a", content: "1" },
        { type: "tool_result", tool_use_id: "b", content: "2" },
      ],
    });
    expect(request.messages[1].content).toEqual([
      { type: "tool_use", id: "a", name: "f", input: {} },
      { type: "tool_use", id: "b", name: "f", input: {} },
    ]);
  });

  it("chat → Gemini names function responses after their calls", () => {
    const gemini = chatToGeminiRequest({
      model: "g",
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "lookup", arguments: '{"q":1}' } }] },
        { role: "tool", tool_call_id: "c1", content: '{"answer":42}' },
      ],
    });
    expect(gemini.contents).toEqual([
      { role: "user", parts: [{ text: "Hi" }] },
      { role: "model", parts: [{ functionCall: { name: "lookup", args: { q: 1 } } }] },
      { role: "user", parts: [{ functionResponse: { name: "lookup", response: { answer: 42 } } }] },
    ]);
  });

  it("chat → Gemini sends a json_schema response format and tool parameters whole, $defs and $ref included", () => {
    const schema = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: { root: { $ref: "#/$defs/node" } },
      required: ["root"],
      additionalProperties: false,
      $defs: { node: { type: "object", properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/node" } } }, required: ["name"], additionalProperties: false } },
    };
    const gemini = chatToGeminiRequest({
      model: "g",
      messages: [{ role: "user", content: "Hi" }],
      response_format: { type: "json_schema", json_schema: { name: "tree", strict: true, schema } },
      tools: [{ type: "function", function: { name: "save", description: "Save a tree", parameters: schema, strict: true } }, { type: "function", function: { name: "ping" } }],
    });
    expect(gemini.generationConfig).toEqual({ responseMimeType: "application/json", responseJsonSchema: schema });
    expect(gemini.tools).toEqual([{ functionDeclarations: [{ name: "save", description: "Save a tree", parametersJsonSchema: schema }, { name: "ping" }] }]);
    const jsonMode = chatToGeminiRequest({ model: "g", messages: [{ role: "user", content: "Hi" }], response_format: { type: "json_object" } });
    expect(jsonMode.generationConfig).toEqual({ responseMimeType: "application/json" });
  });

  it("draft-07 definitions become $defs for Gemini, refs rewritten; a property named definitions and a schema with $defs are left alone", () => {
    const draft07 = {
      type: "object",
      properties: { definitions: { type: "string" }, a: { $ref: "#/definitions/A" }, list: { type: "array", items: { $ref: "#/definitions/A/properties/x" } } },
      definitions: { A: { type: "object", properties: { x: { type: "string" }, self: { $ref: "#/definitions/A" } } } },
    };
    expect(withDefs(draft07)).toEqual({
      type: "object",
      properties: { definitions: { type: "string" }, a: { $ref: "#/$defs/A" }, list: { type: "array", items: { $ref: "#/$defs/A/properties/x" } } },
      $defs: { A: { type: "object", properties: { x: { type: "string" }, self: { $ref: "#/$defs/A" } } } },
    });
    const both = { $defs: { B: { type: "string" } }, definitions: { A: { type: "string" } }, $ref: "#/definitions/A" };
    expect(withDefs(both)).toBe(both);
    const plain = { type: "object", properties: { definitions: { type: "string" } } };
    expect(withDefs(plain)).toBe(plain);
  });

  it("a $ref with other keywords beside it becomes a one-branch anyOf for Gemini; $-keywords, data and an anyOf of its own are left", () => {
    const schema = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $defs: { Root: { type: "object", properties: { a: { $ref: "#/$defs/A", description: "An A", title: "a" } } }, A: { type: "string" } },
      properties: { $ref: { type: "string" }, b: { $ref: "#/$defs/A", $comment: "only $-keywords" }, c: { $ref: "#/$defs/A", anyOf: [{ minLength: 1 }], description: "left" } },
      default: { $ref: "#/$defs/A", note: "data, not a schema" },
      items: [{ $ref: "#/definitions/X", minLength: 2 }],
    };
    expect(geminiJsonSchema(schema)).toEqual({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $defs: { Root: { type: "object", properties: { a: { description: "An A", title: "a", anyOf: [{ $ref: "#/$defs/A" }] } } }, A: { type: "string" } },
      properties: { $ref: { type: "string" }, b: { $ref: "#/$defs/A", $comment: "only $-keywords" }, c: { $ref: "#/$defs/A", anyOf: [{ minLength: 1 }], description: "left" } },
      default: { $ref: "#/$defs/A", note: "data, not a schema" },
      items: [{ minLength: 2, anyOf: [{ $ref: "#/definitions/X" }] }],
    });
    // a root that is a ref and $-keywords only (a tool's parameters by reference) goes as it is
    const byRef = { $ref: "#/$defs/Root", $defs: { Root: { type: "object" } } };
    expect(geminiJsonSchema(byRef)).toEqual(byRef);
  });

  it("Gemini JSON usage: thoughts are reasoning, cached content a cache read, each once", () => {
    const json = {
      candidates: [{ content: { role: "model", parts: [{ text: "Hmm", thought: true }, { text: "42" }] }, finishReason: "STOP" as const }],
      usageMetadata: { promptTokenCount: 120, candidatesTokenCount: 7, totalTokenCount: 157, cachedContentTokenCount: 100, thoughtsTokenCount: 30 },
    };
    expect(geminiAdapter.parseUsage("generate", json)).toEqual({ input: { noCache: 20, cacheRead: 100, cacheWrite: 0 }, output: { text: 7, reasoning: 30 } });
    expect(geminiToChatResponse(json, { model: "g" }).usage).toEqual({ prompt_tokens: 120, completion_tokens: 37, total_tokens: 157, prompt_tokens_details: { cached_tokens: 100 }, completion_tokens_details: { reasoning_tokens: 30 } });
  });

  it("Responses → chat refuses a previous_response_id left unexpanded (one held by a native Responses channel)", () => {
    expect(() => responsesToChatRequest({ model: "m", input: "Hi", previous_response_id: "resp_1" }, { model: "m" })).toThrow(/previous_response_id/);
  });
});

describe("Gemini embeddings and Imagen", () => {
  it("OpenAI embeddings → batchEmbedContents, and back with base64 floats and the local count", () => {
    expect(embeddingsToGeminiRequest({ input: ["a", "b"], dimensions: 3 }, { model: "gemini-embedding-001" })).toEqual({
      requests: [
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "a" }] }, outputDimensionality: 3 },
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "b" }] }, outputDimensionality: 3 },
      ],
    });
    expect(() => embeddingsToGeminiRequest({ input: [1, 2] }, { model: "m" })).toThrow(/text only/);
    const back = geminiToEmbeddingsResponse({ embeddings: [{ values: [0.5, -1] }] }, { model: "emb", encodingFormat: "base64", localTokens: 7 });
    const encoded = (back.data as { embedding: string }[])[0].embedding;
    expect([...new Float32Array(Uint8Array.from(Buffer.from(encoded, "base64")).buffer)]).toEqual([0.5, -1]);
    expect(back.usage).toEqual({ prompt_tokens: 7, total_tokens: 7 });
    // a usage report, when Google sends one, wins over the local count
    expect(geminiToEmbeddingsResponse({ embeddings: [], usageMetadata: { promptTokenCount: 9 } }, { model: "emb", encodingFormat: "float", localTokens: 7 }).usage).toEqual({ prompt_tokens: 9, total_tokens: 9 });
  });

  it("images → Imagen predict: n → sampleCount, size → the nearest aspect ratio; predictions → b64_json", () => {
    expect(imagesToImagenRequest({ prompt: "fox", n: 3, size: "1024x1536" })).toEqual({ instances: [{ prompt: "fox" }], parameters: { sampleCount: 3, aspectRatio: "3:4" } });
    expect(imagesToImagenRequest({ prompt: "fox", size: "1024x1024" }).parameters).toEqual({ sampleCount: 1, aspectRatio: "1:1" });
    expect(imagesToImagenRequest({ prompt: "fox", size: "auto" }).parameters).toEqual({ sampleCount: 1 });
    expect(() => imagesToImagenRequest({ prompt: "fox", response_format: "url" })).toThrow(/b64_json/);
    expect(imagenToImagesResponse({ predictions: [{ bytesBase64Encoded: "AAA", mimeType: "image/png" }, {}] }).data).toEqual([{ b64_json: "AAA" }]);
  });
});
