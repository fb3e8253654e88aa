/**
 * A playground chat turn: the console's request becomes an OpenAI chat-completions request to the relay pipeline,
 * in process (no HTTP hop), authenticated with the customer's playground key, so it is priced, held, settled,
 * logged and limited like any API call on the customer's own balance. The relay's streaming Response (SSE in the
 * OpenAI dialect, with `x-request-id`) is returned as is.
 */
import "server-only";
import { z } from "zod";
import { handleRelayRequest } from "../relay/pipeline";
import type { RelayRequest } from "../relay/exchange";
import { webResponse } from "../relay/web-exchange";
import { MODEL_ID } from "../keys/model-id";
import { ensurePlaygroundKey } from "./playground-key";
import { REASONING_EFFORTS } from "./reasoning-efforts";

export const MAX_PLAYGROUND_MESSAGES = 100;
export const MAX_PLAYGROUND_CHARS = 200_000;

export const playgroundTurnSchema = z.object({
  model: z.string().regex(MODEL_ID, "Not a valid model id"),
  messages: z
    .array(z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string().max(MAX_PLAYGROUND_CHARS) }))
    .min(1, "Write a message first")
    .max(MAX_PLAYGROUND_MESSAGES)
    .refine((messages) => messages.some((m) => m.role === "user" && m.content.trim() !== ""), { message: "Write a message first" }),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().min(1).max(128_000).optional(),
  /** how much a reasoning model thinks first (reasoning_effort); left out: the model's own default */
  reasoningEffort: z.enum(REASONING_EFFORTS).optional(),
});

export type PlaygroundTurn = z.output<typeof playgroundTurnSchema>;

/** The body the relay receives: what the playground's "copy as code" shows, too. */
export function chatCompletionBody(turn: PlaygroundTurn): Record<string, unknown> {
  return {
    model: turn.model,
    messages: turn.messages.filter((m) => m.content.trim() !== ""),
    stream: true,
    stream_options: { include_usage: true },
    ...(turn.temperature === undefined ? {} : { temperature: turn.temperature }),
    ...(turn.maxTokens === undefined ? {} : { max_tokens: turn.maxTokens }),
    ...(turn.reasoningEffort === undefined ? {} : { reasoning_effort: turn.reasoningEffort }),
  };
}

export async function runPlaygroundTurn({
  userId,
  turn,
  clientIp,
  signal,
}: {
  userId: string;
  turn: PlaygroundTurn;
  clientIp: string | null;
  signal: AbortSignal;
}): Promise<Response> {
  const { secret } = await ensurePlaygroundKey({ userId });
  const body = Buffer.from(JSON.stringify(chatCompletionBody(turn)));
  const headers: Record<string, string> = {
    authorization: `Bearer ${secret}`,
    "content-type": "application/json",
    "user-agent": "switchyard-playground",
  };
  const request: RelayRequest = {
    method: "POST",
    path: "/v1/chat/completions",
    header: (name) => headers[name.toLowerCase()],
    peerAddress: clientIp ?? "127.0.0.1",
    contentLength: body.byteLength,
    readBody: async () => body,
  };
  const { response, ready } = webResponse(signal);
  void handleRelayRequest(request, response).finally(() => {
    if (!response.isHeadersSent) response.writeHead(499, {});
  });
  return ready;
}
