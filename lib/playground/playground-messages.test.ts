import { describe, expect, it } from "vitest";
import { curlSnippet, pythonSnippet, typescriptSnippet } from "./code-snippets";
import { conversationMessages, SAMPLE_QUESTION, snippetMessages } from "./playground-messages";

const ANSWER = "Hello from the fake upstream.";
const answered = [{ user: "First question", answer: ANSWER }];

describe("playground messages", () => {
  it("a send carries the system prompt, the answered turns and the new message; a failed turn is not resent", () => {
    expect(conversationMessages({ system: "  Be brief ", turns: [...answered, { user: "lost", answer: "" }], next: "Second question" })).toEqual([
      { role: "system", content: "Be brief" },
      { role: "user", content: "First question" },
      { role: "assistant", content: ANSWER },
      { role: "user", content: "Second question" },
    ]);
  });

  it("copy as code after an answer, with the input empty, is the conversation as it stands (the last question is not asked again)", () => {
    const messages = snippetMessages({ mode: "chat", system: "", turns: answered, comparePrompt: null, draft: "" });
    expect(messages).toEqual([{ role: "user", content: "First question" }]);
    const input = { origin: "https://relay.example.com", model: "gpt-4o", messages };
    for (const code of [curlSnippet(input), pythonSnippet(input), typescriptSnippet(input)]) expect(code.match(/First question/g)).toHaveLength(1);
  });

  it("unsent input is the next user turn; blank input is not", () => {
    expect(snippetMessages({ mode: "chat", system: "", turns: answered, comparePrompt: null, draft: " Next one \n" }).at(-1)).toEqual({ role: "user", content: "Next one" });
    expect(snippetMessages({ mode: "chat", system: "", turns: answered, comparePrompt: null, draft: "   " })).toHaveLength(1);
  });

  it("without unsent input, the last request as it was sent: it ends on the last question, never on an answer", () => {
    const turns = [...answered, { user: "Second question", answer: "Second answer" }, { user: "failed", answer: "" }];
    expect(snippetMessages({ mode: "chat", system: "Be brief", turns, comparePrompt: null, draft: "" })).toEqual([
      { role: "system", content: "Be brief" },
      { role: "user", content: "First question" },
      { role: "assistant", content: ANSWER },
      { role: "user", content: "Second question" },
    ]);
  });

  it("compare sends one question alone: the unsent input, else the one the columns answered", () => {
    const base = { mode: "compare" as const, system: "Be brief", turns: answered };
    expect(snippetMessages({ ...base, comparePrompt: "Which is faster?", draft: "" })).toEqual([
      { role: "system", content: "Be brief" },
      { role: "user", content: "Which is faster?" },
    ]);
    expect(snippetMessages({ ...base, comparePrompt: "Which is faster?", draft: "Which is cheaper?" }).at(-1)).toEqual({ role: "user", content: "Which is cheaper?" });
  });

  it("with nothing asked yet the snippet asks a sample question, so the code runs", () => {
    expect(snippetMessages({ mode: "chat", system: "Be brief", turns: [], comparePrompt: null, draft: "" })).toEqual([
      { role: "system", content: "Be brief" },
      { role: "user", content: SAMPLE_QUESTION },
    ]);
    expect(snippetMessages({ mode: "compare", system: "", turns: [], comparePrompt: null, draft: "" })).toEqual([{ role: "user", content: SAMPLE_QUESTION }]);
  });
});
