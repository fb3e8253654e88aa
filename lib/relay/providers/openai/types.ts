/**
 * OpenAI chat-completions wire types: the fields the relay reads or writes. Unknown fields pass through untouched,
 * so every type is open (extra keys allowed) rather than exhaustive.
 */
import type { ThinkingBlock } from "../../convert/thinking-blocks";

export type ChatContentPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string; detail?: string } }
  | { type: string; [key: string]: unknown };

export type ChatToolCall = { id: string; type: "function"; function: { name: string; arguments: string } };

export type ChatMessage =
  | { role: "system" | "developer"; content: string | ChatContentPart[]; name?: string }
  | { role: "user"; content: string | ChatContentPart[]; name?: string }
  | {
      role: "assistant";
      content?: string | ChatContentPart[] | null;
      tool_calls?: ChatToolCall[];
      reasoning_content?: string | null;
      refusal?: string | null;
      /** Claude's signed thinking blocks (LiteLLM's form; convert/thinking-blocks.ts) */
      thinking_blocks?: unknown;
    }
  | { role: "tool"; tool_call_id: string; content: string | ChatContentPart[] };

export type ChatTool = { type: "function"; function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean } };

export type ChatToolChoice = "auto" | "none" | "required" | { type: "function"; function: { name: string } };

export type ChatRequest = {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  stop?: string | string[] | null;
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: { type: string; [key: string]: unknown };
  user?: string;
  [key: string]: unknown;
};

export type ChatUsage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; audio_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number; audio_tokens?: number } | null;
  /** DeepSeek's cache split */
  prompt_cache_hit_tokens?: number;
  prompt_cache_miss_tokens?: number;
};

export type ChatFinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "function_call";

export type ChatResponse = {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: {
    index: number;
    message: { role: "assistant"; content: string | null; tool_calls?: ChatToolCall[]; reasoning_content?: string; refusal?: string | null; thinking_blocks?: ThinkingBlock[] };
    finish_reason: ChatFinishReason | null;
    logprobs?: unknown;
  }[];
  usage?: ChatUsage;
  system_fingerprint?: string | null;
};

export type ChatChunkToolCall = { index: number; id?: string; type?: "function"; function?: { name?: string; arguments?: string } };

export type ChatChunk = {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: {
    index: number;
    delta: { role?: "assistant"; content?: string | null; reasoning_content?: string | null; tool_calls?: ChatChunkToolCall[]; refusal?: string | null; thinking_blocks?: ThinkingBlock[] };
    finish_reason: ChatFinishReason | null;
    logprobs?: unknown;
  }[];
  usage?: ChatUsage | null;
  error?: { message?: string; type?: string; code?: string | null };
};
