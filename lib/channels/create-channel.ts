/**
 * Create a channel: validate, refuse local base URLs unless allowed, encrypt secrets, reload the routing table.
 */
import "server-only";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { encryptSecret, secretHint } from "../crypto";
import { sql } from "../db";
import { env } from "../env";
import { AppError, fromZodError } from "../errors";
import { invalidateChannels, selectChannelRows, summaryFromRow } from "./channel-table";
import { channelInputSchema, type ChannelInput } from "./schema";
import type { ChannelSummary } from "./types";
import { normalizeBaseUrl } from "./validate-base-url";

const UNIQUE_VIOLATION = "23505";

/** OpenAI's own API speaks the Responses API; OpenAI-compatible vendors usually do not. */
export function defaultSupportsResponses({ type, baseUrl }: { type: string; baseUrl: string }): boolean {
  return type === "openai" && new URL(baseUrl).hostname === "api.openai.com";
}

export async function createChannel({ input, actor }: { input: ChannelInput; actor: AuditActor }): Promise<ChannelSummary> {
  const parsed = channelInputSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const data = parsed.data;
  const baseUrl = normalizeBaseUrl({ baseUrl: data.baseUrl, allowLocal: env().ALLOW_LOCAL_UPSTREAMS });
  const supportsResponses = data.supportsResponses ?? defaultSupportsResponses({ type: data.type, baseUrl });
  let id: string;
  try {
    const { rows } = await sql<{ id: string }>(
      `insert into channels (name, type, base_url, secrets, secret_hints, models, model_mapping, priority, weight, timeout_ms,
                             cost_ratio_ppm, is_enabled, supports_responses)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
      [
        data.name,
        data.type,
        baseUrl,
        data.secrets.map((s) => encryptSecret(s)),
        data.secrets.map(secretHint),
        data.models,
        JSON.stringify(data.modelMapping),
        data.priority,
        data.weight,
        data.timeoutMs,
        data.costRatioPpm,
        data.isEnabled,
        supportsResponses,
      ],
    );
    id = rows[0].id;
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
      throw new AppError("conflict", `A channel named "${data.name}" already exists`, { param: "name" });
    }
    throw error;
  }
  await recordAudit({
    actor,
    action: "channel.create",
    targetType: "channel",
    targetId: id,
    details: { name: data.name, type: data.type, baseUrl, models: data.models, priority: data.priority, weight: data.weight },
  });
  await invalidateChannels();
  const [row] = await selectChannelRows("where id = $1", [id]);
  return summaryFromRow(row);
}
