/**
 * The relay's in-memory view of the model catalog (kind, output limit, visibility), so the hot path never queries
 * the models table. Reloaded when prices or models change (NOTIFY switchyard_prices, sent by lib/billing) and every
 * few seconds in the background. Prices themselves come from lib/billing/pricing (cached there).
 */
import "server-only";
import { sql } from "../db";
import { PRICES_CHANNEL, subscribe } from "../billing/ledger-listener";
import type { ModelKind } from "../billing/pricing";
import { logger } from "../log";
import { singleton } from "../singleton";

export type CatalogEntry = { id: string; vendor: string; displayName: string | null; kind: ModelKind; maxOutputTokens: number; contextWindow: number; isVisible: boolean; createdAt: Date };

const RELOAD_MS = 5_000;

type State = { models: Map<string, CatalogEntry> | null; loadedAt: number; loading: Promise<Map<string, CatalogEntry>> | null; generation: number; isSubscribed: boolean };

const state = () => singleton<State>("relay.model-catalog", () => ({ models: null, loadedAt: 0, loading: null, generation: 0, isSubscribed: false }));

export function invalidateModelCatalog(): void {
  const s = state();
  s.models = null;
  s.generation++;
}

function load(): Promise<Map<string, CatalogEntry>> {
  const s = state();
  if (!s.isSubscribed) {
    s.isSubscribed = true;
    subscribe(PRICES_CHANNEL, { onMessage: invalidateModelCatalog, onReset: invalidateModelCatalog });
  }
  if (s.loading) return s.loading;
  const generation = s.generation;
  const loading = sql<{ id: string; vendor: string; display_name: string | null; kind: ModelKind; max_output_tokens: number; context_window: number; is_visible: boolean; created_at: Date }>(
    `select id, vendor, display_name, kind, max_output_tokens, context_window, is_visible, created_at from models`,
  )
    .then(({ rows }) => {
      const models = new Map<string, CatalogEntry>();
      for (const row of rows) {
        models.set(row.id, { id: row.id, vendor: row.vendor, displayName: row.display_name, kind: row.kind, maxOutputTokens: row.max_output_tokens, contextWindow: row.context_window, isVisible: row.is_visible, createdAt: row.created_at });
      }
      if (state().generation === generation) {
        state().models = models;
        state().loadedAt = Date.now();
      }
      return models;
    })
    .finally(() => {
      state().loading = null;
    });
  s.loading = loading;
  return loading;
}

export async function modelCatalog(): Promise<Map<string, CatalogEntry>> {
  const s = state();
  if (!s.models) return load();
  if (Date.now() - s.loadedAt > RELOAD_MS) void load().catch((error: unknown) => logger().warn({ err: String(error) }, "model catalog reload failed"));
  return s.models;
}
