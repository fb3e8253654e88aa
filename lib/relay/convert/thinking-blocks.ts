/**
 * Claude's thinking blocks, carried across the turns of a converted conversation. In a tool loop Anthropic requires
 * the assistant turn before the tool results to begin with the thinking block it answered with, signed — or thinking
 * must stay off. Chat and Responses have no such block, so the relay carries it:
 * - on chat, as `thinking_blocks` on the assistant message (the form LiteLLM gives Claude's blocks in OpenAI's
 *   shape): read back from any chat client that sends it, and used internally between the converters;
 * - on Responses (Codex CLI keeps no server state: `store: false`, `include: ["reasoning.encrypted_content"]`), as
 *   the reasoning item's `encrypted_content`, which the client sends back verbatim in the next request's input (and
 *   which a stored response keeps for the turn that continues it by previous_response_id). The
 *   relay's own content is marked by a prefix, so an OpenAI upstream's encrypted reasoning is never taken for it, and
 *   the relay's is never sent to an OpenAI upstream, which could not read it (withoutRelayReasoning).
 * The text is not a secret (the client saw it as the reasoning summary); the signature is Anthropic's, which refuses
 * a block that was altered.
 */
import type { ResponsesInputItem } from "../providers/openai/responses-types";
import { isRecord } from "../providers/types";

/**
 * `index`: the block's place in the response's content (thinking can come between text and tool calls): Anthropic
 * refuses a tool loop's latest assistant turn whose thinking blocks are not as they were ("cannot be modified"), so the
 * turn is rebuilt with each block where it came (chat-to-anthropic-request). Never sent to Anthropic.
 */
export type ThinkingBlock = ({ type: "thinking"; thinking: string; signature: string } | { type: "redacted_thinking"; data: string }) & { index?: number };

const PREFIX = "switchyard-thinking-v1:";

/** The blocks of a chat message's `thinking_blocks` (or a decoded payload) that have the shape Anthropic takes. */
export function thinkingBlocksOf(value: unknown): ThinkingBlock[] {
  if (!Array.isArray(value)) return [];
  const blocks: ThinkingBlock[] = [];
  for (const block of value) {
    if (!isRecord(block)) continue;
    const at = Number.isSafeInteger(block.index) && (block.index as number) >= 0 ? { index: block.index as number } : {};
    if (block.type === "thinking" && typeof block.thinking === "string" && typeof block.signature === "string" && block.signature) {
      blocks.push({ type: "thinking", thinking: block.thinking, signature: block.signature, ...at });
    } else if (block.type === "redacted_thinking" && typeof block.data === "string" && block.data) blocks.push({ type: "redacted_thinking", data: block.data, ...at });
  }
  return blocks;
}

/** A block as Anthropic takes it (without the relay's `index`). */
export function anthropicBlock(block: ThinkingBlock): { type: "thinking"; thinking: string; signature: string } | { type: "redacted_thinking"; data: string } {
  return block.type === "thinking" ? { type: "thinking", thinking: block.thinking, signature: block.signature } : { type: "redacted_thinking", data: block.data };
}

/** A reasoning item's `encrypted_content` carrying the blocks. */
export function encodeThinking(blocks: ThinkingBlock[]): string {
  return PREFIX + Buffer.from(JSON.stringify(blocks), "utf8").toString("base64");
}

function isRelayContent(encrypted: unknown): encrypted is string {
  return typeof encrypted === "string" && encrypted.startsWith(PREFIX);
}

/** The blocks a reasoning item's `encrypted_content` carries, or [] when it is not the relay's (or is damaged). */
export function decodeThinking(encrypted: unknown): ThinkingBlock[] {
  if (!isRelayContent(encrypted)) return [];
  try {
    return thinkingBlocksOf(JSON.parse(Buffer.from(encrypted.slice(PREFIX.length), "base64").toString("utf8")));
  } catch {
    return [];
  }
}

/** Whether a Responses client asked for reasoning items' `encrypted_content`. */
export function wantsEncryptedReasoning(include: unknown): boolean {
  return Array.isArray(include) && include.includes("reasoning.encrypted_content");
}

function isRelayReasoning(item: unknown): boolean {
  return isRecord(item) && item.type === "reasoning" && isRelayContent(item.encrypted_content);
}

/**
 * A Responses input for an OpenAI upstream: without the reasoning items the relay made for a Claude model (a Codex
 * session that moved between models), which OpenAI would refuse to decrypt; null when there are none.
 */
export function withoutRelayReasoning(input: unknown): ResponsesInputItem[] | null {
  if (!Array.isArray(input) || !input.some(isRelayReasoning)) return null;
  return (input as ResponsesInputItem[]).filter((item) => !isRelayReasoning(item));
}
