/**
 * OpenAI Responses API wire types: the fields the relay reads or writes when it converts /v1/responses for a
 * chat-completions-only channel (open types; unknown fields are ignored or pass through natively).
 */
export type ResponsesContentPart =
  | { type: "input_text" | "output_text" | "text"; text: string }
  | { type: "input_image"; image_url?: string; file_id?: string; detail?: string }
  | { type: string; [key: string]: unknown };

export type ResponsesInputItem =
  | { type?: "message"; role: "user" | "assistant" | "system" | "developer"; content: string | ResponsesContentPart[]; id?: string; status?: string }
  | { type: "function_call"; call_id: string; name: string; arguments: string; id?: string; status?: string }
  | { type: "function_call_output"; call_id: string; output: string | ResponsesContentPart[] }
  | { type: "custom_tool_call"; call_id: string; name: string; input: string; id?: string }
  | { type: "custom_tool_call_output"; call_id: string; output: string | ResponsesContentPart[] }
  | { type: "reasoning"; id?: string; summary?: unknown[]; encrypted_content?: string | null }
  | { type: string; [key: string]: unknown };

export type ResponsesTool =
  | { type: "function"; name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean }
  | { type: "custom"; name: string; description?: string; format?: unknown }
  | { type: string; [key: string]: unknown };

export type ResponsesRequest = {
  model: string;
  input?: string | ResponsesInputItem[];
  instructions?: string | null;
  stream?: boolean;
  max_output_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  tools?: ResponsesTool[];
  tool_choice?: "auto" | "none" | "required" | { type: string; name?: string };
  parallel_tool_calls?: boolean;
  text?: { format?: { type: string; name?: string; schema?: unknown; strict?: boolean } };
  previous_response_id?: string | null;
  user?: string;
  [key: string]: unknown;
};

export type ResponsesUsage = {
  input_tokens: number;
  input_tokens_details?: { cached_tokens?: number };
  output_tokens: number;
  output_tokens_details?: { reasoning_tokens?: number };
  total_tokens: number;
};

export type ResponsesOutputItem =
  | { type: "message"; id: string; status: string; role: "assistant"; content: { type: "output_text"; text: string; annotations: unknown[] }[] }
  | { type: "function_call"; id: string; call_id: string; name: string; arguments: string; status: string }
  | { type: "custom_tool_call"; id: string; call_id: string; name: string; input: string; status?: string }
  | { type: "reasoning"; id: string; summary: { type: "summary_text"; text: string }[]; encrypted_content?: string };

export type ResponsesResponse = {
  id: string;
  object: "response";
  created_at: number;
  status: "completed" | "incomplete" | "in_progress" | "failed";
  model: string;
  output: ResponsesOutputItem[];
  usage: ResponsesUsage | null;
  incomplete_details: { reason: string } | null;
  error: { code: string; message: string } | null;
  [key: string]: unknown;
};
