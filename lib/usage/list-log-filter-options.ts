/**
 * What the request log's filters offer: the keys (live ones, then deleted ones the log still has requests of) and
 * the models used. Which keys and models have requests comes from the rollups: a few thousand rows at most,
 * whatever the size of the log.
 */
import "server-only";
import { sql } from "../db";
import { listKeyLabels, type KeyLabel } from "../keys/list-key-labels";
import { MODEL_ID } from "../keys/model-id";
import { binder, scopeWhere, ZERO_UUID, type DataScope } from "./data-scope";
import { NO_MODEL } from "./log-query";

export type LogFilterOptions = {
  keys: KeyLabel[];
  /** model ids a filter can name, sorted */
  models: string[];
  /** some requests were logged without a model (their body could not be read): offered as a choice of their own */
  hasNoModel: boolean;
};

export async function listLogFilterOptions({ scope }: { scope: DataScope }): Promise<LogFilterOptions> {
  const values: unknown[] = [];
  const where = scopeWhere(scope, "", binder(values), { isRollup: true });
  const [labels, { rows }] = await Promise.all([
    listKeyLabels({ scope }),
    sql<{ api_key_id: string; model: string }>(
      `select api_key_id::text as api_key_id, model from usage_rollups where ${where} group by api_key_id, model order by model`,
      values,
    ),
  ]);
  const usedKeyIds = new Set(rows.map((row) => row.api_key_id).filter((id) => id !== ZERO_UUID));
  const all = [...labels.values()];
  // the relay logs the model a client sent, whatever it was: an id no filter can name is not offered
  const models = [...new Set(rows.map((row) => row.model))].filter((model) => MODEL_ID.test(model));
  return {
    keys: [...all.filter((key) => !key.isDeleted), ...all.filter((key) => key.isDeleted && usedKeyIds.has(key.id))],
    models,
    hasNoModel: rows.some((row) => row.model === NO_MODEL),
  };
}
