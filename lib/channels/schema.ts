/**
 * Input rules for channels, shared by the CLI, the operator console and the JSON API.
 */
import { z } from "zod";
import { MODEL_ID } from "../keys/schema";
import { CHANNEL_TYPES } from "./types";

const modelList = z
  .array(z.string().trim().regex(MODEL_ID, "Not a valid model id"))
  .min(1, "List at least one model")
  .max(500, "At most 500 models")
  .transform((models) => [...new Set(models)]);

/** The fields, without defaults: an update changes only what it names. */
const fields = {
  name: z.string().trim().min(1, "Give the channel a name").max(64, "At most 64 characters"),
  type: z.enum(CHANNEL_TYPES, { message: "Type is openai, anthropic or gemini" }),
  baseUrl: z.string().trim().min(1, "Give the base URL"),
  secrets: z.array(z.string().trim().min(1, "A secret cannot be empty").max(4096)).min(1, "Give at least one secret").max(50),
  models: modelList,
  modelMapping: z.record(z.string().regex(MODEL_ID), z.string().trim().regex(MODEL_ID, "Not a valid model id")),
  priority: z.number().int().min(-1000).max(1000),
  weight: z.number().int().min(0, "At least 0").max(10_000),
  timeoutMs: z.number().int().min(100, "At least 100 ms").max(3_600_000),
  costRatioPpm: z.number().int().min(0).max(100_000_000),
  supportsResponses: z.boolean(),
  isEnabled: z.boolean(),
};

export const channelInputSchema = z.object({
  ...fields,
  modelMapping: fields.modelMapping.default({}),
  priority: fields.priority.default(0),
  weight: fields.weight.default(1),
  timeoutMs: fields.timeoutMs.default(120_000),
  costRatioPpm: fields.costRatioPpm.default(1_000_000),
  supportsResponses: fields.supportsResponses.optional(),
  isEnabled: fields.isEnabled.default(true),
});

// Not channelInputSchema.partial(): a partial keeps the defaults, so every update would reset priority, weight,
// timeout, cost ratio, mapping and status to their defaults.
export const channelUpdateSchema = z.object(fields).partial().extend({
  disabledReason: z.string().trim().max(500).nullable().optional(),
});

export type ChannelInput = z.input<typeof channelInputSchema>;
export type ChannelUpdate = z.input<typeof channelUpdateSchema>;
