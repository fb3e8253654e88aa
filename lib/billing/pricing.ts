/**
 * Prices: per-model price versions (micro-units per 1,000,000 tokens, per image for image models), customer-group
 * multipliers, and the cost function that turns canonical usage into micro-units.
 *
 * Price versions are append-only: `setPrice` inserts a new version with an `effectiveFrom`, it never updates one,
 * so `getPrice(model, at)` can always answer "what did a request started at `at` pay". Versions are cached in
 * memory (one load of the table) and dropped on any change, here or in another process (NOTIFY switchyard_prices).
 */
import "server-only";
import { sql } from "../db";
import { AppError } from "../errors";
import { divCeil } from "../money";
import { singleton } from "../singleton";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { PRICES_CHANNEL, subscribe } from "./ledger-listener";
import type { Usage } from "./usage";

/** One price version. Token prices are micro-units per 1M tokens; perImage is micro-units per image. */
export type Price = {
  id: string;
  modelId: string;
  inputPerM: bigint;
  outputPerM: bigint;
  /** null = billed at the input price */
  cacheReadPerM: bigint | null;
  /** null = billed at the input price */
  cacheWritePerM: bigint | null;
  perImage: bigint | null;
  effectiveFrom: Date;
};

export const MULTIPLIER_ONE_PPM = 1_000_000;
const PER_MILLION = 1_000_000n;
/** cost numerator is (micro-units per 1M tokens) × tokens × ppm, so the denominator is 10⁶ · 10⁶ */
const COST_DENOMINATOR = PER_MILLION * PER_MILLION;

type PriceRow = {
  id: string;
  model_id: string;
  input_per_m: bigint;
  output_per_m: bigint;
  cache_read_per_m: bigint | null;
  cache_write_per_m: bigint | null;
  per_image: bigint | null;
  effective_from: Date;
};

type PriceCache = { versions: Map<string, Price[]> | null; loading: Promise<Map<string, Price[]>> | null; generation: number; isSubscribed: boolean };

function cache(): PriceCache {
  const c = singleton<PriceCache>("billing.prices", () => ({ versions: null, loading: null, generation: 0, isSubscribed: false }));
  if (!c.isSubscribed) {
    c.isSubscribed = true;
    subscribe(PRICES_CHANNEL, { onMessage: () => invalidatePrices(), onReset: () => invalidatePrices() });
  }
  return c;
}

/** Drop the cached prices in this process (setPrice and the NOTIFY listener call it). */
export function invalidatePrices(): void {
  const c = singleton<PriceCache>("billing.prices", () => ({ versions: null, loading: null, generation: 0, isSubscribed: false }));
  c.versions = null;
  c.loading = null;
  c.generation += 1;
}

function toPrice(row: PriceRow): Price {
  return {
    id: row.id,
    modelId: row.model_id,
    inputPerM: row.input_per_m,
    outputPerM: row.output_per_m,
    cacheReadPerM: row.cache_read_per_m,
    cacheWritePerM: row.cache_write_per_m,
    perImage: row.per_image,
    effectiveFrom: row.effective_from,
  };
}

async function loadVersions(): Promise<Map<string, Price[]>> {
  const c = cache();
  if (c.versions) return c.versions;
  if (!c.loading) {
    const generation = c.generation;
    const loading = sql<PriceRow>(
      `select id, model_id, input_per_m, output_per_m, cache_read_per_m, cache_write_per_m, per_image, effective_from
         from model_prices order by model_id, effective_from, created_at, id`,
    ).then(({ rows }) => {
      const versions = new Map<string, Price[]>();
      for (const row of rows) {
        const list = versions.get(row.model_id) ?? [];
        list.push(toPrice(row));
        versions.set(row.model_id, list);
      }
      // a change that arrived while loading makes this load stale: serve it once, do not keep it
      if (c.generation === generation) c.versions = versions;
      return versions;
    });
    c.loading = loading;
    loading.catch(() => undefined).finally(() => {
      if (c.loading === loading) c.loading = null;
    });
  }
  return c.loading;
}

/** The price version of `modelId` in force at `at` (the latest with effectiveFrom ≤ at), or null when none. */
export async function getPrice(modelId: string, at: Date = new Date()): Promise<Price | null> {
  const list = (await loadVersions()).get(modelId);
  if (!list) return null;
  const t = at.getTime();
  for (let i = list.length - 1; i >= 0; i--) if (list[i].effectiveFrom.getTime() <= t) return list[i];
  return null;
}

function tokens(n: number, field: string): bigint {
  if (!Number.isSafeInteger(n) || n < 0) throw new AppError("bad_request", `Token count ${field} must be a non-negative integer`, { param: field });
  return BigInt(n);
}

function multiplier(multiplierPpm: number): bigint {
  if (!Number.isSafeInteger(multiplierPpm) || multiplierPpm <= 0) throw new AppError("bad_request", "A group multiplier must be a positive integer (ppm)", { param: "multiplierPpm" });
  return BigInt(multiplierPpm);
}

/**
 * The cost of one request in micro-units: every token kind at its own per-million price (cache read and cache
 * write fall back to the input price when unset; reasoning is output), plus images × perImage, times the group
 * multiplier (ppm). Exact integer arithmetic over the whole request, rounded ONCE, UPWARD (ceiling) to a whole
 * micro-unit: the house gains less than one micro-unit (10⁻⁶ USD) per request, and no request that used tokens is
 * ever billed zero. Token-billed image models (gpt-image-1) pass their token usage and no `images`.
 */
export function computeCost({ price, usage, multiplierPpm = MULTIPLIER_ONE_PPM }: { price: Price; usage: Usage; multiplierPpm?: number }): bigint {
  const cacheRead = price.cacheReadPerM ?? price.inputPerM;
  const cacheWrite = price.cacheWritePerM ?? price.inputPerM;
  // Anthropic's 1-hour cache writes cost twice the input price (its 5-minute writes 1.25×: the model's cache-write price)
  const written = tokens(usage.input.cacheWrite, "input.cacheWrite");
  const writtenForAnHour = tokens(Math.min(usage.input.cacheWrite1h ?? 0, usage.input.cacheWrite), "input.cacheWrite1h");
  const perMillion =
    tokens(usage.input.noCache, "input.noCache") * price.inputPerM +
    tokens(usage.input.cacheRead, "input.cacheRead") * cacheRead +
    (written - writtenForAnHour) * cacheWrite +
    writtenForAnHour * 2n * price.inputPerM +
    (tokens(usage.output.text, "output.text") + tokens(usage.output.reasoning, "output.reasoning")) * price.outputPerM +
    tokens(usage.images ?? 0, "images") * (price.perImage ?? 0n) * PER_MILLION;
  return divCeil(perMillion * multiplier(multiplierPpm), COST_DENOMINATOR);
}

/**
 * The most a request can cost, for its hold: every prompt token at the dearest input rate (input, cache read or
 * cache write: the upstream decides what it caches) and every allowed output token at the output price, plus
 * `images` × perImage. Same rounding as computeCost, so a settlement within the limits never exceeds it.
 */
export function worstCaseCost({
  price,
  promptTokens,
  maxOutputTokens,
  images = 0,
  multiplierPpm = MULTIPLIER_ONE_PPM,
  mayCacheForAnHour = false,
}: {
  price: Price;
  promptTokens: number;
  maxOutputTokens: number;
  images?: number;
  multiplierPpm?: number;
  /** the request asks for Anthropic's 1-hour cache (`ttl: "1h"`), whose writes cost twice the input price */
  mayCacheForAnHour?: boolean;
}): bigint {
  let inputRate = price.inputPerM;
  const rates = [price.cacheReadPerM, price.cacheWritePerM, mayCacheForAnHour ? 2n * price.inputPerM : null];
  for (const rate of rates) if (rate !== null && rate > inputRate) inputRate = rate;
  const perMillion =
    tokens(promptTokens, "promptTokens") * inputRate +
    tokens(maxOutputTokens, "maxOutputTokens") * price.outputPerM +
    tokens(images, "images") * (price.perImage ?? 0n) * PER_MILLION;
  return divCeil(perMillion * multiplier(multiplierPpm), COST_DENOMINATOR);
}

function assertPriceAmount(value: bigint | null | undefined, field: string): void {
  if (value === null || value === undefined) return;
  if (typeof value !== "bigint" || value < 0n) throw new AppError("bad_request", `${field} must be a non-negative amount of micro-units`, { param: field });
}

/** Add a price version (never an update): in force from `effectiveFrom` (default now). Audited. */
export async function setPrice({
  modelId,
  inputPerM,
  outputPerM,
  cacheReadPerM = null,
  cacheWritePerM = null,
  perImage = null,
  effectiveFrom = new Date(),
  actor,
}: {
  modelId: string;
  inputPerM: bigint;
  outputPerM: bigint;
  cacheReadPerM?: bigint | null;
  cacheWritePerM?: bigint | null;
  perImage?: bigint | null;
  effectiveFrom?: Date;
  actor: AuditActor;
}): Promise<Price> {
  assertPriceAmount(inputPerM, "inputPerM");
  assertPriceAmount(outputPerM, "outputPerM");
  if (inputPerM === null || inputPerM === undefined || outputPerM === null || outputPerM === undefined) throw new AppError("bad_request", "Input and output prices are required");
  assertPriceAmount(cacheReadPerM, "cacheReadPerM");
  assertPriceAmount(cacheWritePerM, "cacheWritePerM");
  assertPriceAmount(perImage, "perImage");
  if (Number.isNaN(effectiveFrom.getTime())) throw new AppError("bad_request", "effectiveFrom is not a valid date", { param: "effectiveFrom" });
  const model = await sql(`select 1 from models where id = $1`, [modelId]);
  if (model.rowCount === 0) throw new AppError("model_not_found", `No model named ${modelId}`, { param: "modelId" });
  const { rows } = await sql<PriceRow>(
    `insert into model_prices (model_id, input_per_m, output_per_m, cache_read_per_m, cache_write_per_m, per_image, effective_from, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     returning id, model_id, input_per_m, output_per_m, cache_read_per_m, cache_write_per_m, per_image, effective_from`,
    [modelId, inputPerM.toString(), outputPerM.toString(), cacheReadPerM?.toString() ?? null, cacheWritePerM?.toString() ?? null, perImage?.toString() ?? null, effectiveFrom, actor.id ?? actor.kind],
  );
  invalidatePrices();
  const price = toPrice(rows[0]);
  await recordAudit({ actor, action: "price.set", targetType: "model", targetId: modelId, details: { ...price } });
  return price;
}

/** Set (or create) a customer group's multiplier: 1_000_000 ppm = ×1, 900_000 = 10% off. Audited. */
export async function setGroupMultiplier({ name, multiplierPpm, actor }: { name: string; multiplierPpm: number; actor: AuditActor }): Promise<{ id: string; name: string; multiplierPpm: number }> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 64) throw new AppError("bad_request", "A group needs a name (1–64 characters)", { param: "name" });
  multiplier(multiplierPpm);
  // "partners" beside "Partners" would be two groups that read as one: names are unique without regard to case
  // (the index of migration 1060 settles a race between two such creations)
  const taken = await groupNamedOtherwise(trimmed);
  if (taken) throw groupNameTaken(taken);
  let rows: { id: string; name: string; multiplier_ppm: number }[];
  try {
    ({ rows } = await sql<{ id: string; name: string; multiplier_ppm: number }>(
      `insert into customer_groups (name, multiplier_ppm) values ($1, $2)
       on conflict (name) do update set multiplier_ppm = excluded.multiplier_ppm returning id, name, multiplier_ppm`,
      [trimmed, multiplierPpm],
    ));
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw groupNameTaken((await groupNamedOtherwise(trimmed)) ?? trimmed);
    throw error;
  }
  await invalidateKeyCache();
  await recordAudit({ actor, action: "group.set_multiplier", targetType: "customer_group", targetId: rows[0].id, details: { name: trimmed, multiplierPpm } });
  return { id: rows[0].id, name: rows[0].name, multiplierPpm: rows[0].multiplier_ppm };
}

const UNIQUE_VIOLATION = "23505";

/** The existing group whose name equals `name` but for case ("Partners" for "partners"), if any. */
async function groupNamedOtherwise(name: string): Promise<string | null> {
  const { rows } = await sql<{ name: string }>(`select name from customer_groups where lower(name) = lower($1) and name <> $1 limit 1`, [name]);
  return rows[0]?.name ?? null;
}

function groupNameTaken(existing: string): AppError {
  return new AppError("conflict", `A group named “${existing}” already exists (names ignore upper and lower case): use its Edit button to change its multiplier.`, {
    param: "name",
    fieldErrors: { name: `A group named “${existing}” already exists` },
  });
}

/** Put a user in a customer group (or take them out with `group: null`). Audited. */
export async function assignUserGroup({ email, group, actor }: { email: string; group: string | null; actor: AuditActor }): Promise<{ userId: string; groupId: string | null }> {
  let groupId: string | null = null;
  if (group !== null) {
    const found = await sql<{ id: string }>(`select id from customer_groups where lower(name) = lower($1)`, [group.trim()]);
    if (!found.rows[0]) throw new AppError("not_found", `No customer group named ${group}`, { param: "group" });
    groupId = found.rows[0].id;
  }
  const { rows } = await sql<{ id: string }>(`update users set group_id = $2, updated_at = now() where email = $1 returning id`, [email.trim().toLowerCase(), groupId]);
  if (!rows[0]) throw new AppError("not_found", `No user with e-mail ${email}`, { param: "email" });
  await invalidateKeyCache();
  await recordAudit({ actor, action: "user.set_group", targetType: "user", targetId: rows[0].id, details: { group } });
  return { userId: rows[0].id, groupId };
}

/** Keys cache their group multiplier (lib/keys/cache.ts): a group change must evict them. */
async function invalidateKeyCache(): Promise<void> {
  const { invalidateAllKeys } = await import("../keys/cache");
  invalidateAllKeys();
}

export type ModelKind = "chat" | "embedding" | "image";

export type CatalogModel = {
  id: string;
  vendor: string;
  displayName?: string | null;
  kind: ModelKind;
  contextWindow: number;
  maxOutputTokens: number;
  modalities: string[];
  isVisible: boolean;
};

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

/** Create or update a model of the catalog (not its price: see setPrice). */
export async function upsertModel({ id, vendor, displayName = null, kind, contextWindow, maxOutputTokens, modalities, isVisible }: CatalogModel): Promise<void> {
  if (!MODEL_ID.test(id)) throw new AppError("bad_request", "A model id is 1–128 letters, digits and . _ : / -", { param: "id" });
  if (!vendor.trim()) throw new AppError("bad_request", "A model needs a vendor", { param: "vendor" });
  if (!["chat", "embedding", "image"].includes(kind)) throw new AppError("bad_request", "A model's kind is chat, embedding or image", { param: "kind" });
  if (!Number.isSafeInteger(contextWindow) || contextWindow <= 0) throw new AppError("bad_request", "contextWindow must be a positive integer", { param: "contextWindow" });
  if (!Number.isSafeInteger(maxOutputTokens) || maxOutputTokens < 0) throw new AppError("bad_request", "maxOutputTokens must be a non-negative integer", { param: "maxOutputTokens" });
  await sql(
    `insert into models (id, vendor, display_name, kind, context_window, max_output_tokens, modalities, is_visible)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (id) do update set vendor = excluded.vendor, display_name = coalesce(excluded.display_name, models.display_name),
       kind = excluded.kind, context_window = excluded.context_window, max_output_tokens = excluded.max_output_tokens,
       modalities = excluded.modalities, is_visible = excluded.is_visible`,
    [id, vendor.trim(), displayName, kind, contextWindow, maxOutputTokens, modalities, isVisible],
  );
  invalidatePrices();
}

export type PricedModel = {
  id: string;
  vendor: string;
  displayName: string | null;
  kind: ModelKind;
  contextWindow: number;
  maxOutputTokens: number;
  modalities: string[];
  createdAt: Date;
  /** the price in force now */
  price: Price;
};

/** Every visible model with a price in force now, by vendor then id (the public models page and /v1/models). */
export async function listPricedModels({ at = new Date(), includeHidden = false }: { at?: Date; includeHidden?: boolean } = {}): Promise<PricedModel[]> {
  const { rows } = await sql<{ id: string; vendor: string; display_name: string | null; kind: ModelKind; context_window: number; max_output_tokens: number; modalities: string[] | null; created_at: Date }>(
    `select id, vendor, display_name, kind, context_window, max_output_tokens, modalities, created_at
       from models where is_visible or $1 order by vendor, id`,
    [includeHidden],
  );
  const priced: PricedModel[] = [];
  for (const row of rows) {
    const price = await getPrice(row.id, at);
    if (!price) continue;
    priced.push({
      id: row.id,
      vendor: row.vendor,
      displayName: row.display_name,
      kind: row.kind,
      contextWindow: row.context_window,
      maxOutputTokens: row.max_output_tokens,
      modalities: row.modalities ?? ["text"],
      createdAt: row.created_at,
      price,
    });
  }
  return priced;
}

/** One catalog model (visible or not), or null. */
export async function getModel(id: string): Promise<CatalogModel | null> {
  const { rows } = await sql<{ id: string; vendor: string; display_name: string | null; kind: ModelKind; context_window: number; max_output_tokens: number; modalities: string[] | null; is_visible: boolean }>(
    `select id, vendor, display_name, kind, context_window, max_output_tokens, modalities, is_visible from models where id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    vendor: row.vendor,
    displayName: row.display_name,
    kind: row.kind,
    contextWindow: row.context_window,
    maxOutputTokens: row.max_output_tokens,
    modalities: row.modalities ?? ["text"],
    isVisible: row.is_visible,
  };
}
