/**
 * Update a channel (any subset of its fields; secrets are replaced as a whole when given) and reload the table.
 */
import "server-only";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { encryptSecret, secretHint } from "../crypto";
import { sql } from "../db";
import { env } from "../env";
import { AppError, fromZodError } from "../errors";
import { invalidateChannels, selectChannelRows, summaryFromRow } from "./channel-table";
import { channelUpdateSchema, type ChannelUpdate } from "./schema";
import type { ChannelSummary } from "./types";
import { normalizeBaseUrl } from "./validate-base-url";

const COLUMNS = {
  name: "name",
  type: "type",
  baseUrl: "base_url",
  models: "models",
  modelMapping: "model_mapping",
  priority: "priority",
  weight: "weight",
  timeoutMs: "timeout_ms",
  costRatioPpm: "cost_ratio_ppm",
  isEnabled: "is_enabled",
  disabledReason: "disabled_reason",
  supportsResponses: "supports_responses",
} as const;

export async function updateChannel({ id, input, actor }: { id: string; input: ChannelUpdate; actor: AuditActor }): Promise<ChannelSummary> {
  const parsed = channelUpdateSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const data = parsed.data;
  const sets: string[] = [];
  const values: unknown[] = [id];
  const set = (column: string, value: unknown) => {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  };
  for (const [field, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
    const value = data[field];
    if (value === undefined) continue;
    if (field === "baseUrl") set(column, normalizeBaseUrl({ baseUrl: String(value), allowLocal: env().ALLOW_LOCAL_UPSTREAMS }));
    else if (field === "modelMapping") set(column, JSON.stringify(value));
    else set(column, value);
  }
  if (data.secrets) {
    set("secrets", data.secrets.map((s) => encryptSecret(s)));
    set("secret_hints", data.secrets.map(secretHint));
  }
  if (data.isEnabled === true && data.disabledReason === undefined) set("disabled_reason", null);
  if (sets.length === 0) throw new AppError("bad_request", "Nothing to change");
  const result = await sql(`update channels set ${sets.join(", ")}, updated_at = now() where id = $1`, values);
  if (result.rowCount === 0) throw new AppError("not_found", "No such channel");
  const { secrets: _hidden, ...visible } = data;
  await recordAudit({
    actor,
    action: "channel.update",
    targetType: "channel",
    targetId: id,
    details: { ...visible, ...(data.secrets ? { secrets: `${data.secrets.length} replaced` } : {}) },
  });
  await invalidateChannels();
  const [row] = await selectChannelRows("where id = $1", [id]);
  return summaryFromRow(row);
}

/** Enable or disable a channel (with a reason shown to operators). */
export async function setChannelEnabled({
  id,
  isEnabled,
  reason,
  actor,
}: {
  id: string;
  isEnabled: boolean;
  reason?: string;
  actor: AuditActor;
}): Promise<ChannelSummary> {
  return updateChannel({ id, input: { isEnabled, disabledReason: isEnabled ? null : (reason ?? "disabled by an operator") }, actor });
}
