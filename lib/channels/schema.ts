/**
 * Input rules for channels, shared by the CLI, the operator console and the JSON API.
 */
import { z } from "zod";
import { MODEL_ID } from "../keys/schema";
import { CHANNEL_LIMITS, CHANNEL_TYPES } from "./types";

export { CHANNEL_LIMITS };

const MODEL_ID_RULE = "A model id is letters, digits and . _ : / - (up to 128 characters)";

/** A whole number in [min, max] with one message for every way of missing it (wrong type, fraction, out of range). */
const wholeNumber = ({ min, max }: { min: number; max: number }, message: string) =>
  z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });

const modelList = z
  .array(z.string({ error: MODEL_ID_RULE }).trim().regex(MODEL_ID, MODEL_ID_RULE), { error: "List the models as an array of model ids" })
  .min(1, "List at least one model")
  .max(CHANNEL_LIMITS.models, `At most ${CHANNEL_LIMITS.models} models`)
  .transform((models) => [...new Set(models)]);

// Messages name both units where a door uses another (the console asks for seconds and percent; the CLI's
// --timeout-ms and the JSON API's timeoutMs take milliseconds; costRatioPpm is parts per million).
/** The fields, without defaults: an update changes only what it names. */
const fields = {
  name: z.string({ error: "Give the channel a name" }).trim().min(1, "Give the channel a name").max(CHANNEL_LIMITS.nameLength, `A channel name is at most ${CHANNEL_LIMITS.nameLength} characters`),
  type: z.enum(CHANNEL_TYPES, { message: "Type is openai, anthropic or gemini" }),
  baseUrl: z.string({ error: "Give the base URL" }).trim().min(1, "Give the base URL").max(2048, "A base URL is at most 2,048 characters"),
  secrets: z
    .array(z.string({ error: "A secret is text" }).trim().min(1, "A secret cannot be empty").max(CHANNEL_LIMITS.secretLength, "A secret is at most 4,096 characters"), {
      error: "Give the secrets as an array of API keys",
    })
    .min(1, "Give at least one secret")
    .max(CHANNEL_LIMITS.secrets, `At most ${CHANNEL_LIMITS.secrets} secrets`),
  models: modelList,
  modelMapping: z.record(z.string().regex(MODEL_ID, `Mapping from: ${MODEL_ID_RULE}`), z.string({ error: `Mapping to: ${MODEL_ID_RULE}` }).trim().regex(MODEL_ID, `Mapping to: ${MODEL_ID_RULE}`), {
    // a bad key is reported on the record itself, as invalid_key
    error: (issue) => (issue.code === "invalid_key" ? `Mapping from: ${MODEL_ID_RULE}` : "Give the mapping as an object of model id → upstream model id"),
  }),
  priority: wholeNumber(CHANNEL_LIMITS.priority, "Priority is a whole number from -1,000 to 1,000"),
  weight: wholeNumber(CHANNEL_LIMITS.weight, "Weight is a whole number from 0 to 10,000"),
  timeoutMs: wholeNumber(CHANNEL_LIMITS.timeoutMs, "Timeout is 100 to 3,600,000 milliseconds (0.1 to 3,600 seconds), in whole milliseconds"),
  costRatioPpm: wholeNumber(CHANNEL_LIMITS.costRatioPpm, "Cost ratio is 0 to 100,000,000 parts per million (0% to 10,000% of the list price), a whole number"),
  supportsResponses: z.boolean({ error: "supportsResponses is true or false" }),
  isEnabled: z.boolean({ error: "isEnabled is true or false" }),
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
  disabledReason: z.string().trim().max(500, "A reason is at most 500 characters").nullable().optional(),
});

export type ChannelInput = z.input<typeof channelInputSchema>;
export type ChannelUpdate = z.input<typeof channelUpdateSchema>;
