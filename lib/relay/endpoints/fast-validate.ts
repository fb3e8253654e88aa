/**
 * Hand-written checks of the relay's request bodies, one per schema in schemas.ts: each answers true only when the
 * zod schema would accept the (JSON-parsed) body AND its output would equal the body, so the body itself can be used
 * without zod's walk and copy. Anything else — including every invalid body — answers false and goes through zod,
 * which produces the errors. fast-validate.test.ts checks this against zod on random bodies.
 *
 * zod's output equals its input for these loose schemas except in one case: an own "__proto__" key (JSON.parse
 * makes one for `{"__proto__": …}`) is left out of every object zod rebuilds, so such objects are declined here.
 */
import type { z } from "zod";
import type { chatSchema, countTokensSchema, embeddingsSchema, imagesSchema, messagesSchema, responsesSchema } from "./schemas";

type Body = Record<string, unknown>;

/** An object zod's looseObject accepts and rebuilds equal: a non-array object without an own "__proto__" key. */
function isLooseObject(value: unknown): value is Body {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Object.hasOwn(value, "__proto__");
}

const isModel = (value: unknown) => typeof value === "string" && value.length >= 1 && value.length <= 256;
// zod's int() is a safe integer
const isTokenLimit = (value: unknown) => Number.isSafeInteger(value) && (value as number) > 0;
const isIntIn = (value: unknown, min: number, max: number) => Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
const isNullish = (value: unknown) => value === undefined || value === null;

/** An array of loose objects whose `field` is a string (chat messages' role, tools' type or name, content blocks' type). */
function isArrayOfTagged(value: unknown, field: string): value is Body[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (!isLooseObject(item) || typeof item[field] !== "string") return false;
  }
  return true;
}

export function acceptsChat(body: Body): body is z.output<typeof chatSchema> {
  const { messages, stream_options, n } = body;
  if (!isLooseObject(body) || !isModel(body.model) || !isArrayOfTagged(messages, "role") || messages.length === 0) return false;
  if (!isNullish(body.stream) && typeof body.stream !== "boolean") return false;
  if (!isNullish(stream_options) && !(isLooseObject(stream_options) && (isNullish(stream_options.include_usage) || typeof stream_options.include_usage === "boolean"))) return false;
  if (!isNullish(body.max_tokens) && !isTokenLimit(body.max_tokens)) return false;
  if (!isNullish(body.max_completion_tokens) && !isTokenLimit(body.max_completion_tokens)) return false;
  if (!isNullish(n) && !isIntIn(n, 1, 128)) return false;
  return isNullish(body.tools) || isArrayOfTagged(body.tools, "type");
}

/** Anthropic messages: role user/assistant/system, content a string or an array of typed blocks. */
function isAnthropicMessages(value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const message = value[i];
    if (!isLooseObject(message)) return false;
    const { role, content } = message;
    if (role !== "user" && role !== "assistant" && role !== "system") return false;
    if (typeof content !== "string" && !isArrayOfTagged(content, "type")) return false;
  }
  return true;
}

/** What messages and count_tokens share: model, messages, system and tools. */
function acceptsAnthropicCommon(body: Body): boolean {
  if (!isLooseObject(body) || !isModel(body.model) || !isAnthropicMessages(body.messages)) return false;
  const { system, tools } = body;
  if (system !== undefined && typeof system !== "string" && !isArrayOfTagged(system, "type")) return false;
  return tools === undefined || isArrayOfTagged(tools, "name");
}

export function acceptsMessages(body: Body): body is z.output<typeof messagesSchema> {
  return acceptsAnthropicCommon(body) && isTokenLimit(body.max_tokens) && (body.stream === undefined || typeof body.stream === "boolean");
}

// count_tokens omits max_tokens and stream from the messages schema: they pass through unchecked
export function acceptsCountTokens(body: Body): body is z.output<typeof countTokensSchema> {
  return acceptsAnthropicCommon(body);
}

export function acceptsResponses(body: Body): body is z.output<typeof responsesSchema> {
  if (!isLooseObject(body) || !isModel(body.model)) return false;
  const { input, instructions, stream, max_output_tokens: limit, tools } = body;
  if (input !== undefined && typeof input !== "string") {
    if (!Array.isArray(input)) return false;
    for (let i = 0; i < input.length; i++) if (!isLooseObject(input[i])) return false;
  }
  if (!isNullish(instructions) && typeof instructions !== "string") return false;
  if (!isNullish(stream) && typeof stream !== "boolean") return false;
  if (!isNullish(limit) && !isTokenLimit(limit)) return false;
  return isNullish(tools) || isArrayOfTagged(tools, "type");
}

/** Embeddings input: a string, or a non-empty array of strings, of integers, or of integer arrays (those may be empty). */
function isEmbeddingsInput(input: unknown): boolean {
  if (typeof input === "string") return true;
  if (!Array.isArray(input) || input.length === 0) return false;
  const first = input[0];
  if (typeof first === "string") {
    for (let i = 1; i < input.length; i++) if (typeof input[i] !== "string") return false;
    return true;
  }
  if (Array.isArray(first)) {
    for (let i = 0; i < input.length; i++) if (!isIntArray(input[i])) return false;
    return true;
  }
  return isIntArray(input);
}

function isIntArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (!Number.isSafeInteger(value[i])) return false;
  return true;
}

export function acceptsEmbeddings(body: Body): body is z.output<typeof embeddingsSchema> {
  return isLooseObject(body) && isModel(body.model) && isEmbeddingsInput(body.input);
}

export function acceptsImages(body: Body): body is z.output<typeof imagesSchema> {
  const { prompt, n, stream } = body;
  if (!isLooseObject(body) || !isModel(body.model) || typeof prompt !== "string" || prompt.length === 0) return false;
  if (!isNullish(n) && !isIntIn(n, 1, 10)) return false;
  if (!isNullish(stream) && typeof stream !== "boolean") return false;
  // the schema's refine: one image per streamed request
  return stream !== true || (n ?? 1) === 1;
}
