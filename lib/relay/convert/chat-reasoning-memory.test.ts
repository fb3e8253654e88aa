import { afterEach, describe, expect, it } from "vitest";
import { callReasoning } from "./call-memory";
import { StreamReasoningRecorder, rememberAnswerReasoning, withRememberedReasoning } from "./chat-reasoning-memory";

const chunk = (delta: Record<string, unknown>, finish: string | null = null, index = 0) => ({ choices: [{ index, delta, finish_reason: finish }] });

describe("DeepSeek's reasoning kept for the clients that send none back", () => {
  afterEach(() => callReasoning.forget());

  it("a stream's reasoning is remembered under each of its tool calls, whose names may come in pieces", () => {
    const recorder = new StreamReasoningRecorder("key-1");
    recorder.push(chunk({ role: "assistant", reasoning_content: "Two " }));
    recorder.push(chunk({ reasoning_content: "files." }));
    recorder.push(chunk({ reasoning_content: "another choice" }, null, 1));
    recorder.push(chunk({ tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "re", arguments: "" } }] }));
    recorder.push(chunk({ tool_calls: [{ index: 0, function: { name: "ad", arguments: '{"p":1}' } }, { index: 1, id: "call_b", function: { name: "read", arguments: "{}" } }] }));
    recorder.push(chunk({}, "tool_calls"));
    recorder.push("[DONE]");
    recorder.finish();
    expect(callReasoning.recall("key-1", "call_a", "read")).toBe("Two files.");
    expect(callReasoning.recall("key-1", "call_b", "read")).toBe("Two files.");
  });

  it("a JSON answer's too; an answer without tool calls or without reasoning leaves nothing", () => {
    rememberAnswerReasoning("key-1", { choices: [{ message: { reasoning_content: "Look.", tool_calls: [{ id: "call_c", type: "function", function: { name: "ls", arguments: "{}" } }] } }] });
    rememberAnswerReasoning("key-1", { choices: [{ message: { reasoning_content: "Just text." } }] });
    rememberAnswerReasoning("key-1", { choices: [{ message: { tool_calls: [{ id: "call_d", type: "function", function: { name: "ls", arguments: "{}" } }] } }] });
    expect(callReasoning.recall("key-1", "call_c", "ls")).toBe("Look.");
    expect(callReasoning.recall("key-1", "call_d", "ls")).toBeUndefined();
  });

  it("put back only for the models that want it, on turns that lack it", () => {
    callReasoning.keep("key-1", "call_e", "ls", "Listing.");
    const chat = {
      model: "x",
      messages: [
        { role: "user" as const, content: "List" },
        { role: "assistant" as const, content: null, tool_calls: [{ id: "call_e", type: "function" as const, function: { name: "ls", arguments: "{}" } }] },
        { role: "tool" as const, tool_call_id: "call_e", content: "a b" },
      ],
    };
    expect(withRememberedReasoning(chat, "deepseek-v4-pro", "key-1")?.messages[1]).toMatchObject({ reasoning_content: "Listing." });
    expect(withRememberedReasoning(chat, "gpt-4o", "key-1")).toBeNull();
    // another key naming the same call gets nothing of it
    expect(withRememberedReasoning(chat, "deepseek-v4-pro", "key-2")).toBeNull();
    const kept = { ...chat, messages: [chat.messages[0], { ...chat.messages[1], reasoning_content: "Own." }, chat.messages[2]] };
    expect(withRememberedReasoning(kept, "deepseek-v4-pro", "key-1")).toBeNull();
  });
});
