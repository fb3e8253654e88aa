/**
 * Which upstream call serves a client request on a given channel, and how bodies and stream events are converted
 * between the two protocols. OpenAI chat completions is the pivot: every conversion goes through it, so
 * Anthropic ⇄ OpenAI, Responses ⇄ chat (chat → Responses for the models OpenAI serves only there), and anything →
 * Gemini are each one or two small converters.
 * Same protocol on both sides is a passthrough: the client's bytes go up (re-serialized only to change the model
 * name, or to ask for usage when the client set stream_options itself) and the upstream's bytes come back untouched —
 * except for the reasoning models' history (a chat request to OpenAI's own models leaves out the reasoning fields other
 * models left on it; one to DeepSeek or Kimi gets its own reasoning back, and its answer is read on the way for it).
 */
import type { Channel } from "../channels/types";
import { anthropicToChatRequest } from "./convert/anthropic-to-chat-request";
import { anthropicToChatResponse } from "./convert/anthropic-to-chat-response";
import { createAnthropicToChatStream } from "./convert/anthropic-stream-to-chat";
import { answersThroughJsonTool, chatToAnthropicRequest } from "./convert/chat-to-anthropic-request";
import { chatToAnthropicResponse } from "./convert/chat-to-anthropic-response";
import { forClaudeModel } from "./convert/claude-models";
import { createChatToAnthropicStream } from "./convert/chat-stream-to-anthropic";
import { chatToGeminiRequest } from "./convert/chat-to-gemini-request";
import { geminiToChatResponse } from "./convert/gemini-to-chat-response";
import { createGeminiToChatStream } from "./convert/gemini-stream-to-chat";
import { chatToResponsesResponse } from "./convert/chat-to-responses-response";
import { chatToResponsesRequest, isResponsesOnlyModel } from "./convert/chat-to-responses-request";
import { createResponsesToChatStream, responsesToChatResponse } from "./convert/responses-to-chat-response";
import { createChatToResponsesStream } from "./convert/chat-stream-to-responses";
import { rememberAnswerReasoning, StreamReasoningRecorder, withRememberedReasoning } from "./convert/chat-reasoning-memory";
import {
  effortOfAnthropic,
  effortOfReasoning,
  forOpenAiChatModel,
  hasWhatReasoningModelsRefuse,
  isOpenAiReasoningModel,
  takesReasoningBack,
  withoutRelayReasoningFields,
} from "./convert/openai-reasoning";
import { responsesToChatRequest } from "./convert/responses-to-chat-request";
import { wantsEncryptedReasoning, withoutRelayReasoning } from "./convert/thinking-blocks";
import { chainConverters, type EventConverter, type ProtocolEvent } from "./convert/types";
import { embeddingsToGeminiRequest, geminiToEmbeddingsResponse } from "./convert/embeddings-to-gemini";
import { imagenToImagesResponse, imagesToImagenRequest } from "./convert/images-to-imagen";
import { countEmbeddingsInput } from "./tokens/count-prompt";
import type { AnthropicRequest, AnthropicResponse } from "./providers/anthropic/types";
import type { GeminiEmbedResponse, GeminiResponse, ImagenResponse } from "./providers/gemini/types";
import type { ChatRequest, ChatResponse } from "./providers/openai/types";
import type { ResponsesRequest, ResponsesResponse } from "./providers/openai/responses-types";
import type { Operation } from "./providers/types";
import { isRecord } from "./providers/types";

export type ClientProtocol = "chat" | "messages" | "responses" | "embeddings" | "images" | "count_tokens";

export type Bridge = {
  operation: Operation;
  /** the upstream request body */
  body: string | Buffer;
  /** client body from the upstream's JSON; null = forward the upstream's bytes */
  convertResponse: ((json: unknown) => unknown) | null;
  /** client events from upstream events; null = forward the upstream's events byte for byte */
  createStreamConverter: (() => EventConverter) | null;
  /** in a passthrough stream: an upstream event (its raw data) the client must not see (the usage chunk it did not ask for) */
  dropEvent: ((data: string) => boolean) | null;
};

export type BridgeInput = {
  protocol: ClientProtocol;
  channel: Pick<Channel, "type" | "supportsResponses">;
  body: Record<string, unknown>;
  raw: Buffer;
  requestedModel: string;
  upstreamModel: string;
  isStream: boolean;
  /** the client asked for a usage chunk (chat stream_options.include_usage) */
  includeUsage: boolean;
  /** the model's output limit, for protocols that require max_tokens */
  defaultMaxTokens: number;
  /** the relay's count of the prompt: a converted Anthropic stream's message_start reports it (the upstream's count comes at the end) */
  promptTokens?: number;
  /** responses served by conversion: receives the Responses object the client gets (the response store) */
  onResponsesResult?: (response: ResponsesResponse) => void;
  /** a converted chat request's answer keeps Claude's signed thinking blocks (for a Responses client that carries them on) */
  keepThinking?: boolean;
  /** the API key the request is made for: what the per-call memories keep for it is recalled for it alone (call-memory.ts) */
  scope?: string;
};

/** Whether a channel can serve a protocol at all (conversions included). */
export function canServe(protocol: ClientProtocol, channel: Pick<Channel, "type">): boolean {
  switch (protocol) {
    case "chat":
    case "messages":
    case "responses":
      return true;
    case "embeddings":
    case "images":
      return channel.type === "openai" || channel.type === "gemini";
    case "count_tokens":
      return channel.type === "anthropic";
  }
}

const MODEL_KEY = Buffer.from('"model"');

/**
 * The client's bytes when they can go up as they are; re-serialized when the model changes — or when "model"
 * appears more than once, since parsers disagree on duplicate keys and the upstream must serve the model billed.
 */
function withModel(body: Record<string, unknown>, raw: Buffer, requested: string, upstream: string): string | Buffer {
  return isSentAsIs(raw, requested, upstream) ? raw : JSON.stringify({ ...body, model: upstream });
}

/** Whether the client's bytes name the model the upstream must serve, once (withModel). */
function isSentAsIs(raw: Buffer, requested: string, upstream: string): boolean {
  // a needle of bytes and a second forward search past the first: about half the time of a string needle's indexOf + lastIndexOf
  return requested === upstream && raw.indexOf(MODEL_KEY, raw.indexOf(MODEL_KEY) + 1) === -1;
}

const STREAM_OPTIONS_KEY = Buffer.from('"stream_options"');
const ASK_FOR_USAGE = Buffer.from('"stream_options":{"include_usage":true},');

/** Whitespace JSON allows before its first value (so the object's "{" is the first byte that is not one). */
function isJsonSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/**
 * A chat stream's body asking the upstream for its usage chunk. When the client's bytes can go up as they are and
 * name no stream_options, the option is spliced in as the object's first key: a large conversation (agents send
 * hundreds of KB) is not serialized again on the way to the first token. Otherwise the body is re-serialized with
 * the client's own stream_options kept and include_usage added.
 */
function askingForUsage(body: Record<string, unknown>, raw: Buffer, requested: string, upstream: string): string | Buffer {
  // the key's needle cannot occur inside a JSON string (its quotes would be escaped), so no match means no such key
  if (body.stream_options === undefined && isSentAsIs(raw, requested, upstream) && raw.indexOf(STREAM_OPTIONS_KEY) === -1) {
    let open = 0;
    while (open < raw.length && isJsonSpace(raw[open])) open++;
    if (raw[open] === 0x7b) return Buffer.concat([raw.subarray(0, open + 1), ASK_FOR_USAGE, raw.subarray(open + 1)]);
  }
  return JSON.stringify({ ...body, model: upstream, stream_options: { ...(isRecord(body.stream_options) ? body.stream_options : {}), include_usage: true } });
}

/** An OpenAI chunk that only carries usage (`choices: []`). */
export function isUsageOnlyChunk(data: string): boolean {
  if (!data.includes('"choices":[]') || !data.includes('"usage"')) return false;
  try {
    return isUsageOnly(JSON.parse(data));
  } catch {
    return false;
  }
}

function isUsageOnly(json: unknown): boolean {
  return isRecord(json) && Array.isArray(json.choices) && json.choices.length === 0 && isRecord(json.usage);
}

/**
 * A response body or stream event naming the model the client asked for: top level (chat, messages, responses,
 * embeddings), or in the message (Anthropic's message_start) or response object (Responses events) it carries.
 */
function namingModel(data: unknown, model: string): unknown {
  if (!isRecord(data)) return data;
  if (typeof data.model === "string") return { ...data, model };
  for (const key of ["message", "response"]) {
    const inner = data[key];
    if (isRecord(inner) && typeof inner.model === "string") return { ...data, [key]: { ...inner, model } };
  }
  return data;
}

/**
 * When a channel's mapping serves the request under another name, the client still gets back the name it asked
 * for (the operator's upstream names stay the operator's): bodies and every stream event are renamed. A passthrough
 * stream then goes through a converter that renames each event (and still drops the usage chunk the client did not
 * ask for); without a mapping nothing changes and the upstream's bytes pass untouched.
 */
function answeringAs(bridge: Bridge, requested: string, upstream: string): Bridge {
  if (requested === upstream) return bridge;
  const { convertResponse, createStreamConverter, dropEvent } = bridge;
  const rename = (events: ProtocolEvent[]) => events.map((e) => (e.data === "[DONE]" ? e : { event: e.event, data: namingModel(e.data, requested) }));
  return {
    ...bridge,
    convertResponse: (json) => namingModel(convertResponse ? convertResponse(json) : json, requested),
    createStreamConverter: () => {
      const inner = createStreamConverter?.() ?? null;
      return {
        push: (event, data) => {
          if (inner) return rename(inner.push(event, data));
          if (data === undefined || (dropEvent !== null && isUsageOnly(data))) return [];
          return rename([{ event, data }]);
        },
        end: () => (inner ? rename(inner.end()) : []),
      };
    },
    dropEvent: null,
  };
}

function passthrough(operation: Operation, body: string | Buffer): Bridge {
  return { operation, body, convertResponse: null, createStreamConverter: null, dropEvent: null };
}

/** A same-protocol chat request's body: the client's bytes, asking for the usage chunk where billing needs it. */
function chatPassthroughBody({ body, raw, requestedModel, upstreamModel, isStream, includeUsage }: BridgeInput): string | Buffer {
  return !isStream || includeUsage ? withModel(body, raw, requestedModel, upstreamModel) : askingForUsage(body, raw, requestedModel, upstreamModel);
}

function chatBridge(input: BridgeInput): Bridge {
  const { channel, body, raw, requestedModel, upstreamModel, isStream, includeUsage, defaultMaxTokens, keepThinking = false, scope = "" } = input;
  const chat = body as ChatRequest;
  if (channel.type === "openai") {
    // a model OpenAI serves only through the Responses API (gpt-5-codex, o3-pro…), on a channel that speaks it
    if (channel.supportsResponses && isResponsesOnlyModel(upstreamModel)) return chatViaResponses(input);
    // reasoning the model cannot take left out (OpenAI's own), or put back where it wants its own (DeepSeek, Kimi)
    const rewritten = withoutRelayReasoningFields(chat, raw, upstreamModel) ?? withRememberedReasoning(chat, upstreamModel, scope);
    if (rewritten) {
      const upstreamChat = { ...rewritten, model: upstreamModel };
      return chatBridge({ ...input, body: upstreamChat, raw: Buffer.from(JSON.stringify(upstreamChat)), requestedModel: upstreamModel });
    }
    if (hasWhatReasoningModelsRefuse(chat) && isOpenAiReasoningModel(upstreamModel)) {
      const adapted = forOpenAiChatModel({ ...chat, model: upstreamModel });
      return chatBridge({ ...input, body: adapted, raw: Buffer.from(JSON.stringify(adapted)), requestedModel: upstreamModel });
    }
    if (takesReasoningBack(upstreamModel)) return rememberingReasoning(input);
    // billing needs the usage chunk even when the client did not ask for it; it is dropped on the way back
    return { ...passthrough("chat", chatPassthroughBody(input)), dropEvent: !isStream || includeUsage ? null : isUsageOnlyChunk };
  }
  if (channel.type === "anthropic") {
    const jsonAnswer = answersThroughJsonTool(chat, upstreamModel);
    return {
      operation: "messages",
      body: JSON.stringify(chatToAnthropicRequest(chat, { model: upstreamModel, defaultMaxTokens })),
      convertResponse: (json) => anthropicToChatResponse(json as AnthropicResponse, { jsonAnswer, keepThinking }),
      createStreamConverter: () => createAnthropicToChatStream({ model: requestedModel, includeUsage, jsonAnswer, keepThinking }),
      dropEvent: null,
    };
  }
  return {
    operation: "generate",
    body: JSON.stringify(chatToGeminiRequest(chat, { model: upstreamModel, scope })),
    convertResponse: (json) => geminiToChatResponse(json as GeminiResponse, { model: requestedModel, scope }),
    createStreamConverter: () => createGeminiToChatStream({ model: requestedModel, includeUsage, scope }),
    dropEvent: null,
  };
}

/**
 * A chat request (or an Anthropic one, through the chat pivot) for a model OpenAI serves only through /v1/responses:
 * sent there as a Responses request (chat-to-responses-request.ts), its answer and stream converted back to chat.
 */
function chatViaResponses({ body, requestedModel, upstreamModel, includeUsage, scope = "" }: BridgeInput): Bridge {
  const chat = forOpenAiChatModel({ ...(body as ChatRequest), model: upstreamModel });
  return {
    operation: "responses",
    body: JSON.stringify(chatToResponsesRequest(chat, { scope })),
    convertResponse: (json) => responsesToChatResponse(json, { model: requestedModel, scope }),
    createStreamConverter: () => createResponsesToChatStream({ model: requestedModel, includeUsage, scope }),
    dropEvent: null,
  };
}

/**
 * A chat request for a model that wants its reasoning back (chat-reasoning-memory.ts): the client's request goes up as
 * a passthrough's would, and the answer comes back unchanged, read on the way for the reasoning of the tool calls it
 * makes (every event of a stream is parsed, as a converted stream's is; the usage chunk the client did not ask for is
 * dropped).
 */
function rememberingReasoning(input: BridgeInput): Bridge {
  const { includeUsage, scope = "" } = input;
  return {
    operation: "chat",
    body: chatPassthroughBody(input),
    convertResponse: (json) => {
      rememberAnswerReasoning(scope, json);
      return json;
    },
    createStreamConverter: () => {
      const recorder = new StreamReasoningRecorder(scope);
      return {
        push: (event, data) => {
          if (data === undefined || (!includeUsage && isUsageOnly(data))) return [];
          recorder.push(data);
          return [{ event, data }];
        },
        end: () => {
          recorder.finish();
          return [];
        },
      };
    },
    dropEvent: null,
  };
}

/**
 * A request converted to chat, carrying the effort its own protocol asked for as chat's `reasoning_effort`: in the
 * form an OpenAI channel's model takes (forOpenAiChatModel), and for Claude and Gemini as it is (the chat converters
 * make it their thinking).
 */
function withEffort(chat: ChatRequest, channel: Pick<Channel, "type">, effort: string | undefined): ChatRequest {
  if (channel.type === "openai") return forOpenAiChatModel(chat, { effort });
  return effort ? { ...chat, reasoning_effort: effort } : chat;
}

function messagesBridge(input: BridgeInput): Bridge {
  const { channel, body, raw, requestedModel, upstreamModel } = input;
  if (channel.type === "anthropic") {
    if (requestedModel === upstreamModel) return passthrough("messages", withModel(body, raw, requestedModel, upstreamModel));
    // served by another model than the one the client wrote for (the channel's mapping): in the form that model takes
    return passthrough("messages", JSON.stringify({ ...forClaudeModel(body as AnthropicRequest, upstreamModel), model: upstreamModel }));
  }
  const converted = anthropicToChatRequest(body as AnthropicRequest, { model: upstreamModel });
  const chat = withEffort(converted, channel, effortOfAnthropic(body as AnthropicRequest));
  const viaChat = chatBridge({ ...input, body: chat as Record<string, unknown>, raw: Buffer.from(JSON.stringify(chat)), requestedModel: upstreamModel, includeUsage: true });
  const toClient = (json: unknown) => chatToAnthropicResponse((viaChat.convertResponse ? viaChat.convertResponse(json) : json) as ChatResponse);
  return {
    operation: viaChat.operation,
    body: viaChat.body,
    convertResponse: toClient,
    createStreamConverter: () => {
      const toAnthropic = createChatToAnthropicStream({ model: requestedModel, promptTokens: input.promptTokens ?? 0 });
      return viaChat.createStreamConverter ? chainConverters(viaChat.createStreamConverter(), toAnthropic) : toAnthropic;
    },
    dropEvent: null,
  };
}

function responsesBridge(input: BridgeInput): Bridge {
  const { channel, body, raw, requestedModel, upstreamModel, onResponsesResult } = input;
  if (channel.type === "openai" && channel.supportsResponses) {
    // the reasoning items the relay made for a Claude model, which OpenAI could not read, stay behind
    const input = withoutRelayReasoning(body.input);
    return passthrough("responses", input ? JSON.stringify({ ...body, model: upstreamModel, input }) : withModel(body, raw, requestedModel, upstreamModel));
  }
  const request = body as ResponsesRequest;
  const onComplete = onResponsesResult ?? (() => undefined);
  const isClaude = channel.type === "anthropic";
  const { chat: converted, customToolNames } = responsesToChatRequest(request, { model: upstreamModel, keepsThinking: isClaude });
  // Claude caches at breakpoints, which a prompt_cache_key asks for (chat-to-anthropic-request); other vendors get none
  if (isClaude && typeof request.prompt_cache_key === "string") converted.prompt_cache_key = request.prompt_cache_key;
  const chat = withEffort(converted, channel, effortOfReasoning(request.reasoning));
  const viaChat = chatBridge({
    ...input,
    body: chat as Record<string, unknown>,
    raw: Buffer.from(JSON.stringify(chat)),
    requestedModel: upstreamModel,
    includeUsage: true,
    // asked for, or kept for the next turn by previous_response_id (the response store holds what the client gets)
    keepThinking: wantsEncryptedReasoning(request.include) || request.store !== false,
  });
  return {
    operation: viaChat.operation,
    body: viaChat.body,
    convertResponse: (json) => {
      const response = chatToResponsesResponse((viaChat.convertResponse ? viaChat.convertResponse(json) : json) as ChatResponse, { request, customToolNames });
      onComplete(response);
      return response;
    },
    createStreamConverter: () => {
      const toResponses = createChatToResponsesStream({ model: requestedModel, request, customToolNames, onComplete });
      return viaChat.createStreamConverter ? chainConverters(viaChat.createStreamConverter(), toResponses) : toResponses;
    },
    dropEvent: null,
  };
}

function geminiEmbeddingsBridge({ body, requestedModel, upstreamModel }: BridgeInput): Bridge {
  const localTokens = countEmbeddingsInput(body.input);
  return {
    operation: "embed",
    body: JSON.stringify(embeddingsToGeminiRequest(body, { model: upstreamModel })),
    convertResponse: (json) => geminiToEmbeddingsResponse(json as GeminiEmbedResponse, { model: requestedModel, encodingFormat: body.encoding_format, localTokens }),
    createStreamConverter: null,
    dropEvent: null,
  };
}

function imagenBridge({ body }: BridgeInput): Bridge {
  return { operation: "predict", body: JSON.stringify(imagesToImagenRequest(body)), convertResponse: (json) => imagenToImagesResponse(json as ImagenResponse), createStreamConverter: null, dropEvent: null };
}

export function buildBridge(input: BridgeInput): Bridge {
  return answeringAs(bridgeFor(input), input.requestedModel, input.upstreamModel);
}

function bridgeFor(input: BridgeInput): Bridge {
  const { protocol, body, raw, requestedModel, upstreamModel } = input;
  switch (protocol) {
    case "chat":
      return chatBridge(input);
    case "messages":
      return messagesBridge(input);
    case "responses":
      return responsesBridge(input);
    case "embeddings":
      return input.channel.type === "gemini" ? geminiEmbeddingsBridge(input) : passthrough("embeddings", withModel(body, raw, requestedModel, upstreamModel));
    case "images":
      return input.channel.type === "gemini" ? imagenBridge(input) : passthrough("images", withModel(body, raw, requestedModel, upstreamModel));
    case "count_tokens":
      return passthrough("count_tokens", withModel(body, raw, requestedModel, upstreamModel));
  }
}
