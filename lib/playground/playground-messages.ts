/**
 * The messages the playground sends, and the ones "Copy as code" writes out: both are built here, so the copied code
 * is the conversation on screen. Pure (safe in the browser).
 */
export type PlaygroundMessage = { role: "system" | "user" | "assistant"; content: string };

/** One exchange of the chat transcript; `answer` is empty while it is awaited or when the request failed. */
export type PlaygroundTurn = { user: string; answer: string };

/** What a copied snippet asks when there is no question yet, so the code still runs. */
export const SAMPLE_QUESTION = "Hello";

/** The system prompt (when set), then every answered turn (an unanswered one is not resent), then `next` when non-blank. */
export function conversationMessages({ system, turns, next }: { system: string; turns: PlaygroundTurn[]; next: string }): PlaygroundMessage[] {
  return [
    ...(system.trim() ? [{ role: "system" as const, content: system.trim() }] : []),
    ...turns.flatMap(({ user, answer }) => (answer ? [{ role: "user" as const, content: user }, { role: "assistant" as const, content: answer }] : [])),
    ...(next.trim() ? [{ role: "user" as const, content: next.trim() }] : []),
  ];
}

/**
 * "Copy as code": in chat, the conversation with the unsent input as the next question, or without one the last
 * request as it was sent (up to the last question: a conversation ending on the model's answer would ask it to go on
 * with that answer — an Anthropic model takes a last assistant turn as the start of its reply); in compare, which sends
 * one question on its own, the unsent input or else the question the columns answered. With no question at all, a
 * sample one.
 */
export function snippetMessages({
  mode,
  system,
  turns,
  comparePrompt,
  draft,
}: {
  mode: "chat" | "compare";
  system: string;
  turns: PlaygroundTurn[];
  comparePrompt: string | null;
  draft: string;
}): PlaygroundMessage[] {
  const messages =
    mode === "chat" ? chatSnippet({ system, turns, draft }) : conversationMessages({ system, turns: [], next: draft.trim() || (comparePrompt ?? "") });
  return messages.some((message) => message.role === "user") ? messages : [...messages, { role: "user", content: SAMPLE_QUESTION }];
}

function chatSnippet({ system, turns, draft }: { system: string; turns: PlaygroundTurn[]; draft: string }): PlaygroundMessage[] {
  if (draft.trim()) return conversationMessages({ system, turns, next: draft });
  const answered = turns.filter((turn) => turn.answer);
  const last = answered.at(-1);
  return last ? conversationMessages({ system, turns: answered.slice(0, -1), next: last.user }) : conversationMessages({ system, turns: [], next: "" });
}
