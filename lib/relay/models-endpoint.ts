/**
 * GET /v1/models: the models this key may use — priced, visible, served by at least one enabled channel, and in
 * the key's allow-list when it has one — in OpenAI's list shape, or Anthropic's when the caller speaks Anthropic
 * (anthropic-version header). GET /v1/models/{id} answers one model the same way.
 */
import { getPrice } from "../billing/pricing";
import { channelTable } from "../channels/channel-table";
import { AppError } from "../errors";
import type { ApiKeyAuth } from "../keys/types";
import type { RelayRequest, RelayResponse } from "./exchange";
import { type CatalogEntry, modelCatalog } from "./model-catalog";
import { sendJson } from "./respond";

export async function usableModels(key: ApiKeyAuth, now = new Date()): Promise<CatalogEntry[]> {
  const [catalog, table] = await Promise.all([modelCatalog(), channelTable()]);
  const usable: CatalogEntry[] = [];
  for (const entry of catalog.values()) {
    if (!entry.isVisible || !table.byModel.has(entry.id)) continue;
    if (key.allowedModels.length > 0 && !key.allowedModels.includes(entry.id)) continue;
    if (!(await getPrice(entry.id, now))) continue;
    usable.push(entry);
  }
  return usable.sort((a, b) => a.id.localeCompare(b.id));
}

function openAiModel(entry: CatalogEntry) {
  return { id: entry.id, object: "model", created: Math.floor(entry.createdAt.getTime() / 1000), owned_by: entry.vendor };
}

function anthropicModel(entry: CatalogEntry) {
  return { type: "model", id: entry.id, display_name: entry.displayName ?? entry.id, created_at: entry.createdAt.toISOString() };
}

export async function serveModels({ req, res, key, requestId }: { req: RelayRequest; res: RelayResponse; key: ApiKeyAuth; requestId: string }): Promise<void> {
  const models = await usableModels(key);
  const isAnthropic = req.header("anthropic-version") !== undefined;
  const one = req.path.startsWith("/v1/models/") ? decodeURIComponent(req.path.slice("/v1/models/".length)) : null;
  if (one !== null) {
    const entry = models.find((m) => m.id === one);
    if (!entry) throw new AppError("model_not_found", `The model ${JSON.stringify(one)} does not exist or is not available to this key`);
    sendJson({ res, status: 200, body: JSON.stringify(isAnthropic ? anthropicModel(entry) : openAiModel(entry)), requestId });
    return;
  }
  const body = isAnthropic
    ? { data: models.map(anthropicModel), has_more: false, first_id: models[0]?.id ?? null, last_id: models[models.length - 1]?.id ?? null }
    : { object: "list", data: models.map(openAiModel) };
  sendJson({ res, status: 200, body: JSON.stringify(body), requestId });
}
