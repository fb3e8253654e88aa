/**
 * The model catalog as operators manage it: every model (hidden ones too) with the price in force and how many
 * price versions it has had, a model's price history, catalog edits (audited here: the catalog's upsertModel does
 * not record who changed what), customer groups with their members, and the trial credit for new accounts.
 */
import "server-only";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { getPrice, upsertModel, type CatalogModel, type ModelKind, type Price } from "../billing/pricing";
import { sql } from "../db";
import { AppError } from "../errors";
import { setSetting, trialCreditMicros } from "../settings";

export type PriceJson = {
  id: string;
  inputPerM: string;
  outputPerM: string;
  cacheReadPerM: string | null;
  cacheWritePerM: string | null;
  perImage: string | null;
  effectiveFrom: string;
};

export type AdminModel = {
  id: string;
  vendor: string;
  displayName: string | null;
  kind: ModelKind;
  contextWindow: number;
  maxOutputTokens: number;
  modalities: string[];
  isVisible: boolean;
  /** the price in force now; null when the model has none (it is not sold) */
  price: PriceJson | null;
  versions: number;
  /** a version that takes effect later */
  scheduled: PriceJson | null;
  /** how many enabled channels serve it */
  channels: number;
};

export type PriceVersion = PriceJson & { createdBy: string | null; createdAt: string };

export function priceJson(price: Price): PriceJson {
  return {
    id: price.id,
    inputPerM: price.inputPerM.toString(),
    outputPerM: price.outputPerM.toString(),
    cacheReadPerM: price.cacheReadPerM?.toString() ?? null,
    cacheWritePerM: price.cacheWritePerM?.toString() ?? null,
    perImage: price.perImage?.toString() ?? null,
    effectiveFrom: price.effectiveFrom.toISOString(),
  };
}

export async function listCatalog({ now = new Date() }: { now?: Date } = {}): Promise<AdminModel[]> {
  const { rows } = await sql<{
    id: string;
    vendor: string;
    display_name: string | null;
    kind: ModelKind;
    context_window: number;
    max_output_tokens: number;
    modalities: string[] | null;
    is_visible: boolean;
    versions: number;
    next_from: Date | null;
    channels: number;
  }>(
    `select m.id, m.vendor, m.display_name, m.kind, m.context_window, m.max_output_tokens, m.modalities, m.is_visible,
            (select count(*)::int from model_prices p where p.model_id = m.id) as versions,
            (select min(p.effective_from) from model_prices p where p.model_id = m.id and p.effective_from > $1) as next_from,
            (select count(*)::int from channels c where c.is_enabled and m.id = any(c.models)) as channels
       from models m order by m.vendor, m.id`,
    [now],
  );
  const models: AdminModel[] = [];
  for (const row of rows) {
    const price = await getPrice(row.id, now);
    const scheduled = row.next_from ? await getPrice(row.id, row.next_from) : null;
    models.push({
      id: row.id,
      vendor: row.vendor,
      displayName: row.display_name,
      kind: row.kind,
      contextWindow: row.context_window,
      maxOutputTokens: row.max_output_tokens,
      modalities: row.modalities ?? ["text"],
      isVisible: row.is_visible,
      price: price ? priceJson(price) : null,
      versions: row.versions,
      scheduled: scheduled ? priceJson(scheduled) : null,
      channels: row.channels,
    });
  }
  return models;
}

/** Every price version of a model, newest first. */
export async function listPriceHistory(modelId: string): Promise<PriceVersion[]> {
  const { rows } = await sql<{
    id: string;
    input_per_m: bigint;
    output_per_m: bigint;
    cache_read_per_m: bigint | null;
    cache_write_per_m: bigint | null;
    per_image: bigint | null;
    effective_from: Date;
    created_by: string | null;
    created_at: Date;
    creator_email: string | null;
  }>(
    `select p.id, p.input_per_m, p.output_per_m, p.cache_read_per_m, p.cache_write_per_m, p.per_image, p.effective_from,
            p.created_by, p.created_at, u.email as creator_email
       from model_prices p left join users u on u.id::text = p.created_by
      where p.model_id = $1 order by p.effective_from desc, p.created_at desc limit 200`,
    [modelId],
  );
  return rows.map((r) => ({
    id: r.id,
    inputPerM: r.input_per_m.toString(),
    outputPerM: r.output_per_m.toString(),
    cacheReadPerM: r.cache_read_per_m?.toString() ?? null,
    cacheWritePerM: r.cache_write_per_m?.toString() ?? null,
    perImage: r.per_image?.toString() ?? null,
    effectiveFrom: r.effective_from.toISOString(),
    createdBy: r.creator_email ?? r.created_by,
    createdAt: r.created_at.toISOString(),
  }));
}

/**
 * Add or change a catalog entry (not its price), recording what changed. `isNew` (the Add form) refuses an id the
 * catalog has: adding "gpt-4o" again silently replaced its modalities and output limit.
 */
export async function saveModel({ model, isNew = false, actor }: { model: CatalogModel; isNew?: boolean; actor: AuditActor }): Promise<void> {
  const before = await sql<{ vendor: string; context_window: number; max_output_tokens: number; modalities: string[]; is_visible: boolean; kind: string }>(
    `select vendor, kind, context_window, max_output_tokens, modalities, is_visible from models where id = $1`,
    [model.id],
  );
  if (isNew && before.rows[0]) {
    const message = `A model named ${model.id} already exists: edit it instead`;
    throw new AppError("conflict", message, { param: "id", fieldErrors: { id: message } });
  }
  await upsertModel(model);
  await recordAudit({
    actor,
    action: before.rows[0] ? "model.update" : "model.create",
    targetType: "model",
    targetId: model.id,
    details: { ...model, ...(before.rows[0] ? { before: before.rows[0] } : {}) },
  });
}

/** Show or hide a model on the public pages and /v1/models. */
export async function setModelVisible({ id, isVisible, actor }: { id: string; isVisible: boolean; actor: AuditActor }): Promise<void> {
  const { rowCount } = await sql(`update models set is_visible = $2 where id = $1`, [id, isVisible]);
  if (rowCount === 0) throw new AppError("model_not_found", `No model named ${id}`, { param: "id" });
  const { invalidatePrices } = await import("../billing/pricing");
  invalidatePrices();
  await recordAudit({ actor, action: isVisible ? "model.show" : "model.hide", targetType: "model", targetId: id });
}

export type AdminGroup = { id: string; name: string; description: string | null; multiplierPpm: number; users: number; keys: number; createdAt: string };

export async function listCustomerGroups(): Promise<AdminGroup[]> {
  const { rows } = await sql<{ id: string; name: string; description: string | null; multiplier_ppm: number; users: number; keys: number; created_at: Date }>(
    `select g.id, g.name, g.description, g.multiplier_ppm, g.created_at,
            (select count(*)::int from users u where u.group_id = g.id) as users,
            (select count(*)::int from api_keys k where k.group_id = g.id and k.deleted_at is null) as keys
       from customer_groups g order by g.name`,
  );
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, multiplierPpm: r.multiplier_ppm, users: r.users, keys: r.keys, createdAt: r.created_at.toISOString() }));
}

/** The trial credit every new account receives, in micro-units. */
export async function getTrialCredit(): Promise<bigint> {
  return trialCreditMicros();
}

export const MAX_TRIAL_CREDIT = 1_000_000_000n; // $1,000

/** Change the trial credit for accounts created from now on (existing balances are not touched). Audited. */
export async function setTrialCredit({ amount, actor }: { amount: bigint; actor: AuditActor }): Promise<bigint> {
  if (amount < 0n || amount > MAX_TRIAL_CREDIT) throw new AppError("bad_request", "The trial credit is between $0 and $1,000", { param: "amount" });
  const before = await trialCreditMicros();
  await setSetting("trial_credit_micros", amount.toString());
  await recordAudit({ actor, action: "settings.trial_credit", targetType: "setting", targetId: "trial_credit_micros", details: { before, after: amount } });
  return amount;
}
