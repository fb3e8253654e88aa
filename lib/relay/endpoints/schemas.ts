/**
 * Zod schemas of the relay's request bodies: the fields the relay reads, loosely (unknown fields pass through).
 */
import { z } from "zod";

// never trimmed or case-folded: the model that is checked, priced and sent upstream is exactly the one asked for
export const modelField = z.string({ message: "model is required" }).min(1, "model is required").max(256);
const tokenLimit = z.number({ message: "must be an integer" }).int("must be an integer").positive("must be positive");

export const chatSchema = z.looseObject({
  model: modelField,
  messages: z.array(z.looseObject({ role: z.string({ message: "each message needs a role" }) }), { message: "messages must be an array" }).min(1, "messages must not be empty"),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: tokenLimit.nullish(),
  max_completion_tokens: tokenLimit.nullish(),
  n: z.number().int("n must be an integer").min(1, "n must be at least 1").max(128, "n must be at most 128").nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).nullish(),
});

const anthropicContent = z.union([z.string(), z.array(z.looseObject({ type: z.string({ message: "each content block needs a type" }) }))], {
  message: "content must be a string or an array of blocks",
});

export const messagesSchema = z.looseObject({
  model: modelField,
  // "system" turns inside messages are sent by Claude Code for models it does not know; the upstream judges the rest
  messages: z.array(z.looseObject({ role: z.enum(["user", "assistant", "system"], { message: "role must be user or assistant" }), content: anthropicContent }), { message: "messages must be an array" }).min(1, "messages must not be empty"),
  max_tokens: tokenLimit,
  system: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]).optional(),
  stream: z.boolean().optional(),
  tools: z.array(z.looseObject({ name: z.string() })).optional(),
});

export const countTokensSchema = messagesSchema.omit({ max_tokens: true, stream: true });

export const responsesSchema = z.looseObject({
  model: modelField,
  input: z.union([z.string(), z.array(z.looseObject({}))], { message: "input must be a string or an array of items" }).optional(),
  instructions: z.string().nullish(),
  stream: z.boolean().nullish(),
  max_output_tokens: tokenLimit.nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).nullish(),
});

export const embeddingsSchema = z.looseObject({
  model: modelField,
  input: z.union([z.string(), z.array(z.string()).min(1), z.array(z.number().int()).min(1), z.array(z.array(z.number().int())).min(1)], {
    message: "input must be a string, an array of strings or an array of token arrays",
  }),
});

export const imagesSchema = z
  .looseObject({
    model: modelField,
    prompt: z.string({ message: "prompt is required" }).min(1, "prompt is required"),
    n: z.number().int().min(1).max(10).nullish(),
    stream: z.boolean().nullish(),
  })
  // a streamed generation ends at its image_generation.completed event: one image per streamed request
  .refine((body) => body.stream !== true || (body.n ?? 1) === 1, { message: "n > 1 cannot be streamed: send one streamed request per image, or stream: false", path: ["n"] });
