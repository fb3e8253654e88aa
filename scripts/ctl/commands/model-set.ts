import { z } from "zod";
import { getModel, getPrice, setPrice, upsertModel, type ModelKind } from "../../../lib/billing/pricing";
import { AppError } from "../../../lib/errors";
import { formatUsd } from "../../../lib/money";
import { defineCommand } from "../command";
import { list, switchFlag, text, usd } from "../flag-types";

const count = (what: string) =>
  text(what).transform((value, ctx) => {
    if (!/^\d{1,9}$/.test(value.trim())) {
      ctx.addIssue({ code: "custom", message: `"${value}" is not a whole number` });
      return z.NEVER;
    }
    return Number(value.trim());
  });

const price = (what: string) => usd({ allowZero: true }).describe(what);
/** A price the model may go without: "none" removes it from the new version; left out, the current one carries over. */
const optionalPrice = (what: string) =>
  z
    .union([z.literal("none").transform(() => null), price(what)])
    .describe(`${what}, or none`)
    .optional();

export default defineCommand({
  name: "model:set",
  summary:
    "Set a model's prices (USD per 1M tokens; a new price version from now; a cache or image price left out keeps its current value), creating the model if needed",
  usage:
    "model:set --model M --input USD --output USD [--cache-read USD|none] [--cache-write USD|none] [--per-image USD|none] [--vendor V] [--context N] [--max-output N] [--kind chat|embedding|image] [--modalities text,image] [--hidden|--visible]",
  flags: z.object({
    model: text("the model id, e.g. gpt-4o"),
    input: price("input price per 1M tokens"),
    output: price("output price per 1M tokens"),
    "cache-read": optionalPrice("cache-read price per 1M tokens"),
    "cache-write": optionalPrice("cache-write price per 1M tokens"),
    "per-image": optionalPrice("price per generated image"),
    vendor: text("openai, anthropic, google, deepseek, qwen, …").optional(),
    context: count("context window in tokens").optional(),
    "max-output": count("maximum output tokens").optional(),
    kind: z.enum(["chat", "embedding", "image"]).optional(),
    modalities: list("input modalities, e.g. text,image").optional(),
    hidden: switchFlag,
    visible: switchFlag,
  }),
  async run({ flags, out }) {
    const id = flags.model.trim();
    const existing = await getModel(id);
    if (!existing && !flags.vendor) throw new AppError("bad_request", `No model ${id} yet: give --vendor (and optionally --context, --max-output, --kind) to create it.`);
    await upsertModel({
      id,
      vendor: flags.vendor ?? existing?.vendor ?? "",
      displayName: existing?.displayName ?? null,
      kind: (flags.kind ?? existing?.kind ?? "chat") as ModelKind,
      contextWindow: flags.context ?? existing?.contextWindow ?? 128_000,
      maxOutputTokens: flags["max-output"] ?? existing?.maxOutputTokens ?? 8_192,
      modalities: flags.modalities ?? existing?.modalities ?? ["text"],
      isVisible: flags.hidden ? false : flags.visible ? true : (existing?.isVisible ?? true),
    });
    // a price left out keeps its current value: setting input and output must not quietly drop a cache-read price
    // (cached input would then bill at the full input price)
    const current = existing ? await getPrice(id) : null;
    const version = await setPrice({
      modelId: id,
      inputPerM: flags.input,
      outputPerM: flags.output,
      cacheReadPerM: flags["cache-read"] === undefined ? (current?.cacheReadPerM ?? null) : flags["cache-read"],
      cacheWritePerM: flags["cache-write"] === undefined ? (current?.cacheWritePerM ?? null) : flags["cache-write"],
      perImage: flags["per-image"] === undefined ? (current?.perImage ?? null) : flags["per-image"],
      actor: { kind: "cli" },
    });
    const parts = [`input ${formatUsd(version.inputPerM)}`, `output ${formatUsd(version.outputPerM)}`];
    if (version.cacheReadPerM !== null) parts.push(`cache read ${formatUsd(version.cacheReadPerM)}`);
    if (version.cacheWritePerM !== null) parts.push(`cache write ${formatUsd(version.cacheWritePerM)}`);
    const perImage = version.perImage !== null ? `, ${formatUsd(version.perImage)} per image` : "";
    out(`${existing ? "Updated" : "Created"} ${id}: ${parts.join(", ")} per 1M tokens${perImage}, in force from ${version.effectiveFrom.toISOString()}.`);
  },
});
