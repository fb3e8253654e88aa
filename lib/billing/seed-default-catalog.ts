/**
 * The default model catalog a fresh installation starts with: the popular models of each vendor at their public
 * list prices (USD per 1M tokens), so the models page and /v1/models are useful before the operator edits anything.
 * Seeded once, only when the models table is empty; operators change prices with `model:set` afterwards.
 * The Claude models are the ones Claude Code asks for when no model is set (its sonnet, opus and haiku defaults), at
 * the prices and output limits Claude Code itself ships for them (@anthropic-ai/claude-code 2.1.197); Claude Sonnet 4.5
 * reaches end of life on 2026-11-30 (@anthropic-ai/sdk's deprecated-models list) and is not offered to new sites.
 */
import "server-only";
import { sql } from "../db";
import { parseUsd } from "../money";
import { inTransaction } from "./ledger";
import { invalidatePrices, type ModelKind } from "./pricing";

type CatalogEntry = {
  id: string;
  vendor: string;
  displayName: string;
  kind: ModelKind;
  contextWindow: number;
  maxOutputTokens: number;
  modalities: string[];
  /** USD per 1M tokens (decimal strings, parsed exactly) */
  input: string;
  output: string;
  cacheRead?: string;
  cacheWrite?: string;
  /** USD per image */
  perImage?: string;
};

export const DEFAULT_CATALOG: CatalogEntry[] = [
  { id: "gpt-5", vendor: "openai", displayName: "GPT-5", kind: "chat", contextWindow: 400_000, maxOutputTokens: 128_000, modalities: ["text", "image"], input: "1.25", output: "10.00", cacheRead: "0.125" },
  { id: "gpt-5-mini", vendor: "openai", displayName: "GPT-5 mini", kind: "chat", contextWindow: 400_000, maxOutputTokens: 128_000, modalities: ["text", "image"], input: "0.25", output: "2.00", cacheRead: "0.025" },
  { id: "gpt-4o", vendor: "openai", displayName: "GPT-4o", kind: "chat", contextWindow: 128_000, maxOutputTokens: 16_384, modalities: ["text", "image"], input: "2.50", output: "10.00", cacheRead: "1.25" },
  { id: "gpt-4o-mini", vendor: "openai", displayName: "GPT-4o mini", kind: "chat", contextWindow: 128_000, maxOutputTokens: 16_384, modalities: ["text", "image"], input: "0.15", output: "0.60", cacheRead: "0.075" },
  { id: "gpt-4.1", vendor: "openai", displayName: "GPT-4.1", kind: "chat", contextWindow: 1_047_576, maxOutputTokens: 32_768, modalities: ["text", "image"], input: "2.00", output: "8.00", cacheRead: "0.50" },
  { id: "o4-mini", vendor: "openai", displayName: "o4-mini", kind: "chat", contextWindow: 200_000, maxOutputTokens: 100_000, modalities: ["text", "image"], input: "1.10", output: "4.40", cacheRead: "0.275" },
  { id: "claude-sonnet-4-6", vendor: "anthropic", displayName: "Claude Sonnet 4.6", kind: "chat", contextWindow: 200_000, maxOutputTokens: 128_000, modalities: ["text", "image"], input: "3.00", output: "15.00", cacheRead: "0.30", cacheWrite: "3.75" },
  { id: "claude-opus-4-8", vendor: "anthropic", displayName: "Claude Opus 4.8", kind: "chat", contextWindow: 200_000, maxOutputTokens: 128_000, modalities: ["text", "image"], input: "5.00", output: "25.00", cacheRead: "0.50", cacheWrite: "6.25" },
  { id: "claude-haiku-4-5", vendor: "anthropic", displayName: "Claude Haiku 4.5", kind: "chat", contextWindow: 200_000, maxOutputTokens: 64_000, modalities: ["text", "image"], input: "1.00", output: "5.00", cacheRead: "0.10", cacheWrite: "1.25" },
  { id: "gemini-2.5-pro", vendor: "google", displayName: "Gemini 2.5 Pro", kind: "chat", contextWindow: 1_048_576, maxOutputTokens: 65_536, modalities: ["text", "image", "audio", "video"], input: "1.25", output: "10.00", cacheRead: "0.31" },
  { id: "gemini-2.5-flash", vendor: "google", displayName: "Gemini 2.5 Flash", kind: "chat", contextWindow: 1_048_576, maxOutputTokens: 65_536, modalities: ["text", "image", "audio", "video"], input: "0.30", output: "2.50", cacheRead: "0.075" },
  { id: "deepseek-chat", vendor: "deepseek", displayName: "DeepSeek V3.2 (chat)", kind: "chat", contextWindow: 128_000, maxOutputTokens: 8_192, modalities: ["text"], input: "0.28", output: "0.42", cacheRead: "0.028" },
  { id: "deepseek-reasoner", vendor: "deepseek", displayName: "DeepSeek V3.2 (reasoner)", kind: "chat", contextWindow: 128_000, maxOutputTokens: 64_000, modalities: ["text"], input: "0.28", output: "0.42", cacheRead: "0.028" },
  { id: "qwen-plus", vendor: "qwen", displayName: "Qwen Plus", kind: "chat", contextWindow: 131_072, maxOutputTokens: 16_384, modalities: ["text"], input: "0.40", output: "1.20" },
  { id: "text-embedding-3-small", vendor: "openai", displayName: "text-embedding-3-small", kind: "embedding", contextWindow: 8_191, maxOutputTokens: 0, modalities: ["text"], input: "0.02", output: "0" },
  { id: "gpt-image-1", vendor: "openai", displayName: "GPT Image 1", kind: "image", contextWindow: 32_000, maxOutputTokens: 8_192, modalities: ["text", "image"], input: "5.00", output: "40.00", cacheRead: "1.25" },
];

function usd(text: string | undefined): string | null {
  if (text === undefined) return null;
  const micros = parseUsd(text);
  if (micros === undefined || micros < 0n) throw new Error(`bad catalog price ${text}`);
  return micros.toString();
}

/** Insert the default catalog when the models table is empty. Returns how many models were inserted. */
export async function seedDefaultCatalog(): Promise<number> {
  const inserted = await inTransaction(async (client) => {
    // one seeder at a time across instances starting together
    await sql(`select pg_advisory_xact_lock(hashtext('switchyard.seed_default_catalog'))`, [], client);
    const { rows } = await sql<{ count: bigint }>(`select count(*)::bigint as count from models`, [], client);
    if (rows[0].count > 0n) return 0;
    for (const m of DEFAULT_CATALOG) {
      await sql(
        `insert into models (id, vendor, display_name, kind, context_window, max_output_tokens, modalities) values ($1, $2, $3, $4, $5, $6, $7)`,
        [m.id, m.vendor, m.displayName, m.kind, m.contextWindow, m.maxOutputTokens, m.modalities],
        client,
      );
      await sql(
        `insert into model_prices (model_id, input_per_m, output_per_m, cache_read_per_m, cache_write_per_m, per_image, effective_from, created_by)
         values ($1, $2, $3, $4, $5, $6, '2000-01-01T00:00:00Z', 'seed')`,
        [m.id, usd(m.input), usd(m.output), usd(m.cacheRead), usd(m.cacheWrite), usd(m.perImage)],
        client,
      );
    }
    return DEFAULT_CATALOG.length;
  });
  if (inserted > 0) invalidatePrices();
  return inserted;
}
