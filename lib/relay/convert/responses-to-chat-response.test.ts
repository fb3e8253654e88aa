import { describe, expect, it } from "vitest";
import { chatToResponsesRequest, isResponsesOnlyModel } from "./chat-to-responses-request";
import { createResponsesToChatStream, responsesToChatResponse } from "./responses-to-chat-response";

describe("chat ⇄ Responses for the models served only through /v1/responses", () => {
  it("knows those models, and no chat model", () => {
    for (const model of ["gpt-5-codex", "gpt-5.1-codex-max", "gpt-5-pro", "gpt-5.2-pro", "o3-pro", "o1-pro", "codex-mini-latest"]) expect(isResponsesOnlyModel(model)).toBe(true);
    for (const model of ["gpt-5", "gpt-5-mini", "gpt-4o", "o3", "o4-mini", "gpt-5-chat-latest", "deepseek-chat"]) expect(isResponsesOnlyModel(model)).toBe(false);
  });

  it("maps images, files, a named tool choice, JSON schema output and strict tools", () => {
    const request = chatToResponsesRequest({
      model: "gpt-5-codex",
      messages: [
        { role: "developer", content: [{ type: "text", text: "Rules." }] },
        { role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,AA==", detail: "low" } }, { type: "file", file: { file_data: "data:application/pdf;base64,AA==", filename: "a.pdf" } }] },
      ],
      tools: [{ type: "function", function: { name: "f", parameters: { type: "object" }, strict: true } }],
      tool_choice: { type: "function", function: { name: "f" } },
      response_format: { type: "json_schema", json_schema: { name: "answer", schema: { type: "object" }, strict: true } },
      max_completion_tokens: 50,
      stop: ["x"],
      n: 1,
    });
    expect(request).toEqual({
      model: "gpt-5-codex",
      store: false,
      // a reasoning model's reasoning comes back encrypted, to be put back through a tool loop
      include: ["reasoning.encrypted_content"],
      input: [
        { role: "developer", content: "Rules." },
        { role: "user", content: [{ type: "input_image", image_url: "data:image/png;base64,AA==", detail: "low" }, { type: "input_file", file_data: "data:application/pdf;base64,AA==", filename: "a.pdf" }] },
      ],
      tools: [{ type: "function", name: "f", parameters: { type: "object" }, strict: true }],
      tool_choice: { type: "function", name: "f" },
      text: { format: { type: "json_schema", name: "answer", schema: { type: "object" }, strict: true } },
      max_output_tokens: 50,
    });
    // computer-use-preview is no reasoning model: it has no reasoning to send back
    expect(chatToResponsesRequest({ model: "computer-use-preview", messages: [{ role: "user", content: "Hi" }] }).include).toBeUndefined();
  });

  it("reads an answer's text, refusal, reasoning summary and stop reason", () => {
    const answer = responsesToChatResponse(
      {
        id: "resp_1",
        object: "response",
        created_at: 1_700_000_000,
        status: "incomplete",
        incomplete_details: { reason: "max_output_tokens" },
        model: "gpt-5-pro",
        output: [
          { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "Think A." }, { type: "summary_text", text: "Think B." }] },
          { type: "message", id: "msg_1", role: "assistant", status: "incomplete", content: [{ type: "output_text", text: "Partial", annotations: [] }, { type: "refusal", refusal: "" }] },
        ],
        usage: { input_tokens: 20, input_tokens_details: { cached_tokens: 5 }, output_tokens: 50, output_tokens_details: { reasoning_tokens: 40 }, total_tokens: 70 },
      },
      { model: "pro" },
    );
    expect(answer.choices[0]).toEqual({ index: 0, finish_reason: "length", logprobs: null, message: { role: "assistant", content: "Partial", reasoning_content: "Think A.\n\nThink B." } });
    expect(answer.usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 50, prompt_tokens_details: { cached_tokens: 5 }, completion_tokens_details: { reasoning_tokens: 40 } });
    expect(answer.created).toBe(1_700_000_000);
  });

  it("streams reasoning summaries as reasoning_content and two tool calls by their own indexes", () => {
    const stream = createResponsesToChatStream({ model: "codex", includeUsage: false });
    const deltas = [
      stream.push("response.created", { type: "response.created", response: { model: "gpt-5-codex" } }),
      stream.push(undefined, { type: "response.reasoning_summary_text.delta", summary_index: 0, delta: "Plan." }),
      stream.push(undefined, { type: "response.reasoning_summary_part.added", summary_index: 1 }),
      stream.push(undefined, { type: "response.reasoning_summary_text.delta", summary_index: 1, delta: "More." }),
      stream.push(undefined, { type: "response.output_item.added", output_index: 1, item: { type: "function_call", call_id: "c1", name: "a", arguments: "" } }),
      stream.push(undefined, { type: "response.output_item.added", output_index: 2, item: { type: "function_call", call_id: "c2", name: "b", arguments: "" } }),
      stream.push(undefined, { type: "response.function_call_arguments.delta", output_index: 2, delta: "{}" }),
      stream.push(undefined, { type: "response.function_call_arguments.delta", output_index: 1, delta: '{"x":1}' }),
      stream.push(undefined, { type: "response.completed", response: { status: "completed", usage: { input_tokens: 1, output_tokens: 2, total_tokens: 3 } } }),
      stream.end(),
    ].flat();
    const chunks = deltas.filter((e) => e.data !== "[DONE]").map((e) => (e.data as { choices: { delta: Record<string, unknown>; finish_reason: string | null }[] }).choices[0]);
    expect(chunks[0].delta).toEqual({ role: "assistant", content: "" });
    expect(chunks.map((c) => c.delta.reasoning_content ?? "").join("")).toBe("Plan.\n\nMore.");
    expect(chunks.flatMap((c) => (c.delta.tool_calls as unknown[]) ?? [])).toEqual([
      { index: 0, id: "c1", type: "function", function: { name: "a", arguments: "" } },
      { index: 1, id: "c2", type: "function", function: { name: "b", arguments: "" } },
      { index: 1, function: { arguments: "{}" } },
      { index: 0, function: { arguments: '{"x":1}' } },
    ]);
    expect(chunks.at(-1)?.finish_reason).toBe("tool_calls");
    // no usage chunk unasked, one [DONE], nothing after the end
    expect(deltas.filter((e) => e.data === "[DONE]")).toHaveLength(1);
    expect(deltas.some((e) => (e.data as { usage?: unknown }).usage)).toBe(false);
  });

  it("a model that reasoned again between two calls gets each call's reasoning back before that call, for the same key only", () => {
    const r1 = { type: "reasoning", id: "rs_1", summary: [], encrypted_content: "enc-1" };
    const r2 = { type: "reasoning", id: "rs_2", summary: [{ type: "summary_text", text: "Then B." }], encrypted_content: "enc-2" };
    const unencrypted = { type: "reasoning", id: "rs_0", summary: [] };
    const call = (id: string, name: string) => ({ type: "function_call", id: `fc_${id}`, call_id: id, name, arguments: "{}", status: "completed" });
    const answer = responsesToChatResponse({ output: [unencrypted, r1, call("twice_a", "a"), r2, call("twice_b", "b")] }, { model: "codex", scope: "key-twice" });
    const history = (scope: string) =>
      chatToResponsesRequest({ model: "gpt-5-codex", messages: [{ role: "user", content: "Go" }, answer.choices[0].message, { role: "tool", tool_call_id: "twice_a", content: "A" }, { role: "tool", tool_call_id: "twice_b", content: "B" }] }, { scope }).input;
    const calls = [
      { type: "function_call", call_id: "twice_a", name: "a", arguments: "{}" },
      { type: "function_call", call_id: "twice_b", name: "b", arguments: "{}" },
    ];
    const outputs = [
      { type: "function_call_output", call_id: "twice_a", output: "A" },
      { type: "function_call_output", call_id: "twice_b", output: "B" },
    ];
    // an item without its encrypted content cannot go back with store false: only the encrypted ones are kept
    expect(history("key-twice")).toEqual([{ role: "user", content: "Go" }, r1, calls[0], r2, calls[1], ...outputs]);
    expect(history("another-key")).toEqual([{ role: "user", content: "Go" }, ...calls, ...outputs]);
  });
});
