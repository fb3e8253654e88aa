/**
 * The public models page and the playground: every visible model with a price in force and an enabled channel serving
 * it (the list /v1/models returns), with prices per 1M tokens after the signed-in customer's group multiplier.
 * Visitors see list prices.
 */
import "server-only";
import { sql } from "../db";
import { listPricedModels, MULTIPLIER_ONE_PPM, type ModelKind } from "../billing/pricing";
import { listServedModelIds } from "../channels/list-served-models";

export type ModelPriceRow = {
  id: string;
  vendor: string;
  displayName: string | null;
  kind: ModelKind;
  contextWindow: number;
  maxOutputTokens: number;
  modalities: string[];
  /** micro-units per 1M tokens (per image for perImage), as strings; null = billed at the input price */
  inputPerM: string;
  outputPerM: string;
  cacheReadPerM: string | null;
  cacheWritePerM: string | null;
  perImage: string | null;
};

export type ModelPriceList = { models: ModelPriceRow[]; multiplierPpm: number; groupName: string | null };

/** price × ppm / 10⁶, rounded half up (display only: the ledger rounds each request's cost once, upward). */
export function applyMultiplier(price: bigint, multiplierPpm: number): bigint {
  if (multiplierPpm === MULTIPLIER_ONE_PPM) return price;
  return (price * BigInt(multiplierPpm) + 500_000n) / 1_000_000n;
}

export async function listModelPrices({ userId = null }: { userId?: string | null } = {}): Promise<ModelPriceList> {
  let multiplierPpm = MULTIPLIER_ONE_PPM;
  let groupName: string | null = null;
  if (userId) {
    const { rows } = await sql<{ multiplier_ppm: number | null; name: string | null }>(
      `select g.multiplier_ppm, g.name from users u left join customer_groups g on g.id = u.group_id where u.id = $1`,
      [userId],
    );
    multiplierPpm = rows[0]?.multiplier_ppm ?? MULTIPLIER_ONE_PPM;
    groupName = rows[0]?.name ?? null;
  }
  // only what a key can call: a priced model no enabled channel serves is a 503 (the filter /v1/models applies)
  const [priced, servedIds] = await Promise.all([listPricedModels(), listServedModelIds()]);
  const scale = (value: bigint | null) => (value === null ? null : applyMultiplier(value, multiplierPpm).toString());
  return {
    multiplierPpm,
    groupName,
    models: priced.filter((model) => servedIds.has(model.id)).map((model) => ({
      id: model.id,
      vendor: model.vendor,
      displayName: model.displayName,
      kind: model.kind,
      contextWindow: model.contextWindow,
      maxOutputTokens: model.maxOutputTokens,
      modalities: model.modalities,
      inputPerM: applyMultiplier(model.price.inputPerM, multiplierPpm).toString(),
      outputPerM: applyMultiplier(model.price.outputPerM, multiplierPpm).toString(),
      cacheReadPerM: scale(model.price.cacheReadPerM),
      cacheWritePerM: scale(model.price.cacheWritePerM),
      perImage: scale(model.price.perImage),
    })),
  };
}

/**
 * Up to `count` models taken in turn from each vendor (in the list's order), so a short list shows the range a site
 * serves — one of each vendor's before a second of any.
 */
export function sampleAcrossVendors<T extends { vendor: string }>(models: T[], count: number): T[] {
  const byVendor = new Map<string, T[]>();
  for (const model of models) {
    const queue = byVendor.get(model.vendor);
    if (queue) queue.push(model);
    else byVendor.set(model.vendor, [model]);
  }
  const queues = [...byVendor.values()];
  const picked: T[] = [];
  for (let round = 0; picked.length < count && queues.some((queue) => queue.length > round); round++) {
    for (const queue of queues) if (round < queue.length && picked.length < count) picked.push(queue[round]);
  }
  return picked;
}
