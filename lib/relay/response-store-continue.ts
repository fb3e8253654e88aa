/**
 * `previous_response_id` on /v1/responses, around the pipeline:
 * - before routing, a converted predecessor's stored conversation is put in front of the request's input (so any
 *   channel, converted or native, receives the whole conversation), and a native predecessor's channel is
 *   preferred, since only that upstream account knows the id;
 * - after a converted response, its conversation is stored under the id the client got; after a native one,
 *   only its id → channel mapping. Nothing is stored when the request says `store: false`.
 * - an `item_reference` input item naming an output item of a converted response (the AI SDK's OpenAI provider
 *   sends one for each earlier assistant message it got with an id, unless `store: false`) is replaced by the stored
 *   item, so a chat-only, Anthropic or Gemini channel gets the whole turn; a reference the relay cannot resolve is
 *   left for a Responses channel, which keeps its own items (a converting channel refuses it: responses-to-chat-request.ts).
 */
import type { Channel } from "../channels/types";
import { AppError } from "../errors";
import type { ApiKeyAuth } from "../keys/types";
import type { ParsedRequest } from "./endpoints/types";
import type { ResponsesInputItem, ResponsesResponse } from "./providers/openai/responses-types";
import type { StreamReader } from "./providers/types";
import { isRecord } from "./providers/types";
import { findStoredResponse, ownerOf, saveConversation, saveNativeResponse, type StoredConversation } from "./response-store";
import { countResponsesPrompt } from "./tokens/count-prompt";
import { responseIdOfItem } from "./convert/types";

function previousResponseNotFound(id: string): AppError {
  return new AppError("previous_response_not_found", `Previous response with id '${id.slice(0, 100)}' not found.`, { param: "previous_response_id" });
}

function inputItems(input: unknown): ResponsesInputItem[] {
  if (typeof input === "string") return [{ type: "message", role: "user", content: input }];
  return Array.isArray(input) ? (input as ResponsesInputItem[]) : [];
}

/** What a stored conversation contributes to the next turn: its input, then the output it produced. */
function history(conversation: StoredConversation): ResponsesInputItem[] {
  const output = Array.isArray(conversation.response.output) ? (conversation.response.output as ResponsesInputItem[]) : [];
  return [...conversation.input, ...output];
}

function isStored(body: Record<string, unknown>): boolean {
  return body.store !== false;
}

/** The hook that stores a converted response's conversation once the client has it. */
function storingHook(body: Record<string, unknown>, key: ApiKeyAuth): ParsedRequest["onResponsesResult"] {
  if (!isStored(body)) return undefined;
  const input = inputItems(body.input);
  const owner = ownerOf(key);
  return (response: ResponsesResponse) => {
    if (response.status !== "completed" && response.status !== "incomplete") return;
    void saveConversation({ id: response.id, owner, conversation: { input, response } });
  };
}

/**
 * Resolve item_reference items and previous_response_id (404 in OpenAI's shape when this key's owner has no such
 * response) and attach the storing hook. The body and its raw bytes change only when a stored item replaces a
 * reference or a stored conversation is prepended.
 */
export async function continueConversation(request: { parsed: ParsedRequest; raw: Buffer; key: ApiKeyAuth }): Promise<{ parsed: ParsedRequest; raw: Buffer }> {
  const { parsed, raw, key } = await withReferencedItems(request);
  const previousId = parsed.body.previous_response_id;
  if (typeof previousId !== "string" || previousId === "") return { parsed: { ...parsed, onResponsesResult: storingHook(parsed.body, key) }, raw };
  const stored = await findStoredResponse({ id: previousId, owner: ownerOf(key) });
  if (!stored) throw previousResponseNotFound(previousId);
  if (!stored.conversation) return { parsed: { ...parsed, preferredChannelId: stored.channelId }, raw };
  const { previous_response_id: _resolved, ...rest } = parsed.body;
  const body = { ...rest, input: [...history(stored.conversation), ...inputItems(parsed.body.input)] };
  return {
    parsed: { ...parsed, body, promptTokens: () => countResponsesPrompt(body), onResponsesResult: storingHook(body, key) },
    raw: Buffer.from(JSON.stringify(body)),
  };
}

/** The channel that holds a native predecessor first, the others after it (failover still applies). */
export function preferChannel(candidates: Channel[], parsed: ParsedRequest): Channel[] {
  const preferred = parsed.preferredChannelId;
  if (!preferred) return candidates;
  const index = candidates.findIndex((channel) => channel.id === preferred);
  if (index <= 0) return candidates;
  return [candidates[index], ...candidates.slice(0, index), ...candidates.slice(index + 1)];
}

/** After a native /v1/responses request: remember which channel holds the response (its id only). */
export function rememberNativeResponse({
  parsed,
  key,
  channel,
  operation,
  json,
  reader,
}: {
  parsed: ParsedRequest;
  key: ApiKeyAuth;
  channel: Channel;
  operation: string;
  json?: unknown;
  reader?: StreamReader;
}): void {
  if (operation !== "responses" || !isStored(parsed.body)) return;
  const id = isRecord(json) && typeof json.id === "string" ? json.id : (reader?.responseId?.() ?? null);
  if (id) void saveNativeResponse({ id, owner: ownerOf(key), channelId: channel.id });
}

function isItemReference(item: unknown): item is { type: "item_reference"; id: string } {
  return isRecord(item) && item.type === "item_reference" && typeof item.id === "string";
}

/**
 * The request with each item_reference to a converted response's output item replaced by that item (one lookup per
 * response named). Bodies without item_reference are returned as they are, after one pass over the input array.
 */
async function withReferencedItems({ parsed, raw, key }: { parsed: ParsedRequest; raw: Buffer; key: ApiKeyAuth }): Promise<{ parsed: ParsedRequest; raw: Buffer; key: ApiKeyAuth }> {
  const input = parsed.body.input;
  if (!Array.isArray(input) || !input.some(isItemReference)) return { parsed, raw, key };
  const owner = ownerOf(key);
  const outputs = new Map<string, ResponsesInputItem[]>();
  const outputOf = async (responseId: string): Promise<ResponsesInputItem[]> => {
    let output = outputs.get(responseId);
    if (!output) {
      const stored = await findStoredResponse({ id: responseId, owner });
      const items = stored?.conversation?.response.output;
      output = Array.isArray(items) ? (items as ResponsesInputItem[]) : [];
      outputs.set(responseId, output);
    }
    return output;
  };
  let isChanged = false;
  const resolved: unknown[] = [];
  for (const item of input) {
    const responseId = isItemReference(item) ? responseIdOfItem(item.id) : null;
    const found = responseId ? (await outputOf(responseId)).find((candidate) => (candidate as { id?: unknown }).id === (item as { id: string }).id) : undefined;
    if (found) isChanged = true;
    resolved.push(found ?? item);
  }
  if (!isChanged) return { parsed, raw, key };
  const body = { ...parsed.body, input: resolved };
  return { parsed: { ...parsed, body, promptTokens: () => countResponsesPrompt(body) }, raw: Buffer.from(JSON.stringify(body)), key };
}
