import { z } from "zod";
import { createChannel } from "../../../lib/channels/create-channel";
import { AppError, isAppError } from "../../../lib/errors";
import { defineCommand } from "../command";
import { list, switchFlag, text } from "../flag-types";

const integer = (what: string) =>
  text(what).transform((value, ctx) => {
    if (!/^-?\d{1,9}$/.test(value.trim())) {
      ctx.addIssue({ code: "custom", message: `"${value}" is not a whole number` });
      return z.NEVER;
    }
    return Number(value.trim());
  });

/** "a=b,c=d" → { a: "b", c: "d" } */
const mapping = text("from=to pairs, comma-separated").transform((value, ctx) => {
  const result: Record<string, string> = {};
  for (const pair of value.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [from, to, extra] = pair.split("=").map((p) => p.trim());
    if (!from || !to || extra !== undefined) {
      ctx.addIssue({ code: "custom", message: `"${pair}" is not a from=to pair` });
      return z.NEVER;
    }
    result[from] = to;
  }
  return result;
});

/** The channel schema's field names → this command's flags, so errors name what the operator typed. */
const FLAG_FOR_FIELD: Record<string, string> = { baseUrl: "base-url", secrets: "key", modelMapping: "map", timeoutMs: "timeout-ms" };

export default defineCommand({
  name: "channel:add",
  summary: "Add an upstream channel (an OpenAI-compatible, Anthropic or Gemini account); its keys are encrypted at rest",
  usage:
    "channel:add --name N --type openai|anthropic|gemini --base-url U --key K[,K2] --models m1,m2 [--priority P] [--weight W] [--timeout-ms T] [--map from=to,…] [--responses] [--disabled]",
  flags: z.object({
    name: text("a unique channel name"),
    type: z.enum(["openai", "anthropic", "gemini"], { message: "must be openai, anthropic or gemini" }),
    "base-url": text("the upstream base URL, e.g. https://api.openai.com/v1 or https://api.anthropic.com"),
    key: list("upstream API keys, comma-separated"),
    models: list("model ids this channel serves, comma-separated"),
    priority: integer("higher is tried first").optional(),
    weight: integer("share among channels of equal priority").optional(),
    "timeout-ms": integer("upstream timeout in milliseconds").optional(),
    map: mapping.optional(),
    responses: switchFlag,
    disabled: switchFlag,
  }),
  async run({ flags, out }) {
    try {
      const channel = await createChannel({
        input: {
          name: flags.name,
          type: flags.type,
          baseUrl: flags["base-url"],
          secrets: flags.key,
          models: flags.models,
          modelMapping: flags.map ?? {},
          priority: flags.priority,
          weight: flags.weight,
          timeoutMs: flags["timeout-ms"],
          supportsResponses: flags.responses ? true : undefined,
          isEnabled: !flags.disabled,
        },
        actor: { kind: "cli" },
      });
      out(`Added channel "${channel.name}" (${channel.id}): ${channel.type} ${channel.baseUrl}, ${channel.models.length} model(s), keys ${channel.secretHints.join(" ")}`);
    } catch (error) {
      if (!isAppError(error)) throw error;
      const fieldErrors: Record<string, string> = {};
      for (const [field, message] of Object.entries(error.fieldErrors ?? {})) {
        const [head, ...rest] = field.split(".");
        fieldErrors[[FLAG_FOR_FIELD[head] ?? head, ...rest].join(".")] = message;
      }
      const param = error.param ? (FLAG_FOR_FIELD[error.param] ?? error.param) : undefined;
      throw new AppError(error.code, param ? `--${param}: ${error.message}` : error.message, { fieldErrors });
    }
  },
});
