/**
 * An endpoint of the relay: which protocol and error dialect it speaks, and how its body is validated. Validation
 * checks what the relay relies on (model, messages, limits, stream flags) and lets every other field through
 * untouched for the upstream to judge.
 */
import type { z } from "zod";
import { AppError, fromZodError } from "../../errors";
import type { ClientProtocol } from "../bridges";
import type { ResponsesResponse } from "../providers/openai/responses-types";

export type Dialect = "openai" | "anthropic";

export type ParsedRequest = {
  model: string;
  isStream: boolean;
  /** the client asked for a usage chunk in the stream */
  includeUsage: boolean;
  /** the client's output limit; null = the model's */
  maxOutputTokens: number | null;
  /** images to generate (image endpoints) */
  images: number;
  body: Record<string, unknown>;
  promptTokens: () => number;
  /** completions asked for (chat `n`); 1 when absent */
  choices?: number;
  /** responses: the channel that holds the previous response (previous_response_id of a native response) */
  preferredChannelId?: string | null;
  /** responses: called with the Responses object a converted request produced (to store it) */
  onResponsesResult?: (response: ResponsesResponse) => void;
};

export type EndpointSpec = {
  protocol: ClientProtocol;
  dialect: Dialect;
  /** endpoint name in request logs */
  logName: string;
  parse(json: unknown): ParsedRequest;
};

/**
 * The body as `schema` outputs it. `accepts` (fast-validate.ts) vouches for the common valid body, which is then
 * returned as is (zod would return an equal copy); whatever it declines is zod's to accept or to word the error for.
 */
export function validate<T>(schema: z.ZodType<T>, accepts: (body: Record<string, unknown>) => body is Record<string, unknown> & T, json: unknown): T {
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new AppError("bad_request", "The request body must be a JSON object");
  if (accepts(json as Record<string, unknown>)) return json as T;
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw fromZodError(parsed.error, "bad_request");
  return parsed.data;
}
