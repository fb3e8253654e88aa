/**
 * The relay's endpoints: path → protocol, dialect and body parser.
 */
import { countAnthropicPrompt, countChatPrompt, countEmbeddingsInput, countResponsesPrompt } from "../tokens/count-prompt";
import { countTextTokens } from "../tokens/tokenizer";
import { acceptsChat, acceptsCountTokens, acceptsEmbeddings, acceptsImages, acceptsMessages, acceptsResponses } from "./fast-validate";
import { chatSchema, countTokensSchema, embeddingsSchema, imagesSchema, messagesSchema, responsesSchema } from "./schemas";
import { type EndpointSpec, validate } from "./types";

export const chatCompletions: EndpointSpec = {
  protocol: "chat",
  dialect: "openai",
  logName: "chat.completions",
  parse(json) {
    const body = validate(chatSchema, acceptsChat, json);
    return {
      model: body.model,
      isStream: body.stream === true,
      includeUsage: body.stream === true && body.stream_options?.include_usage === true,
      maxOutputTokens: body.max_completion_tokens ?? body.max_tokens ?? null,
      images: 0,
      choices: body.n ?? 1,
      body,
      promptTokens: () => countChatPrompt(body),
    };
  },
};

export const messages: EndpointSpec = {
  protocol: "messages",
  dialect: "anthropic",
  logName: "messages",
  parse(json) {
    const body = validate(messagesSchema, acceptsMessages, json);
    return { model: body.model, isStream: body.stream === true, includeUsage: false, maxOutputTokens: body.max_tokens, images: 0, body, promptTokens: () => countAnthropicPrompt(body) };
  },
};

export const countTokens: EndpointSpec = {
  protocol: "count_tokens",
  dialect: "anthropic",
  logName: "messages.count_tokens",
  parse(json) {
    const body = validate(countTokensSchema, acceptsCountTokens, json);
    return { model: body.model, isStream: false, includeUsage: false, maxOutputTokens: 0, images: 0, body, promptTokens: () => countAnthropicPrompt(body) };
  },
};

export const responses: EndpointSpec = {
  protocol: "responses",
  dialect: "openai",
  logName: "responses",
  parse(json) {
    const body = validate(responsesSchema, acceptsResponses, json);
    return { model: body.model, isStream: body.stream === true, includeUsage: false, maxOutputTokens: body.max_output_tokens ?? null, images: 0, body, promptTokens: () => countResponsesPrompt(body) };
  },
};

export const embeddings: EndpointSpec = {
  protocol: "embeddings",
  dialect: "openai",
  logName: "embeddings",
  parse(json) {
    const body = validate(embeddingsSchema, acceptsEmbeddings, json);
    return { model: body.model, isStream: false, includeUsage: false, maxOutputTokens: 0, images: 0, body, promptTokens: () => countEmbeddingsInput(body.input) };
  },
};

export const imageGenerations: EndpointSpec = {
  protocol: "images",
  dialect: "openai",
  logName: "images.generations",
  parse(json) {
    const body = validate(imagesSchema, acceptsImages, json);
    return { model: body.model, isStream: body.stream === true, includeUsage: false, maxOutputTokens: null, images: body.n ?? 1, body, promptTokens: () => countTextTokens(body.prompt) };
  },
};

/** POST paths served by the pipeline (GET /v1/models is answered separately). */
export const POST_ENDPOINTS: Record<string, EndpointSpec> = {
  "/v1/chat/completions": chatCompletions,
  "/v1/messages": messages,
  "/v1/messages/count_tokens": countTokens,
  "/v1/responses": responses,
  "/v1/embeddings": embeddings,
  "/v1/images/generations": imageGenerations,
};
