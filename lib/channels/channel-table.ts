/**
 * The in-memory channel table the relay routes from: every channel with its secrets decrypted, indexed by model.
 * Loaded once, reloaded at once after a change in this process (invalidateChannels) or in another one (the CLI,
 * another instance: a trigger NOTIFYs switchyard_channels), and every few seconds in the background as a backstop
 * for notifications missed while the listener was away.
 */
import "server-only";
import { CHANNELS_CHANNEL, subscribe } from "../billing/ledger-listener";
import { decryptSecret } from "../crypto";
import { sql } from "../db";
import { logger } from "../log";
import { singleton } from "../singleton";
import type { Channel, ChannelSummary, ChannelType } from "./types";

export const RELOAD_MS = 5_000;

export type ChannelTable = {
  channels: Channel[];
  byId: Map<string, Channel>;
  /** enabled channels per model they serve */
  byModel: Map<string, Channel[]>;
  loadedAt: number;
};

type State = { table: ChannelTable | null; loading: Promise<ChannelTable> | null; version: number; isSubscribed: boolean };

const state = () => singleton<State>("channels.table", () => ({ table: null, loading: null, version: 0, isSubscribed: false }));

/**
 * The state, once subscribed to changes made by other processes: they reload the table at once. When the listener
 * (re)connects, news may have been lost: the table is dropped and the next request loads it (not loaded now: a reset
 * also comes when the database goes away).
 */
function following(): State {
  const s = state();
  if (s.isSubscribed) return s;
  s.isSubscribed = true;
  const reload = () => void invalidateChannels().catch((error: unknown) => logger().warn({ err: String(error) }, "channel reload failed"));
  const forget = () => {
    s.version++;
    s.table = null;
  };
  subscribe(CHANNELS_CHANNEL, { onMessage: reload, onReset: forget });
  return s;
}

type Row = {
  id: string;
  name: string;
  type: ChannelType;
  base_url: string;
  secrets: string[] | null;
  secret_hints: string[] | null;
  models: string[] | null;
  model_mapping: Record<string, string> | null;
  priority: number;
  weight: number;
  timeout_ms: number;
  cost_ratio_ppm: number;
  is_enabled: boolean;
  disabled_reason: string | null;
  supports_responses: boolean;
  created_at: Date;
  updated_at: Date;
};

const SELECT = `select id, name, type, base_url, secrets, secret_hints, models, model_mapping, priority, weight, timeout_ms,
  cost_ratio_ppm, is_enabled, disabled_reason, supports_responses, created_at, updated_at from channels`;

export function summaryFromRow(row: Row): ChannelSummary {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    baseUrl: row.base_url,
    secretHints: row.secret_hints ?? [],
    models: row.models ?? [],
    modelMapping: row.model_mapping ?? {},
    priority: row.priority,
    weight: row.weight,
    timeoutMs: row.timeout_ms,
    costRatioPpm: row.cost_ratio_ppm,
    isEnabled: row.is_enabled,
    disabledReason: row.disabled_reason,
    supportsResponses: row.supports_responses,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function selectChannelRows(where = "", values: unknown[] = []): Promise<Row[]> {
  const { rows } = await sql<Row>(`${SELECT} ${where} order by priority desc, name`, values);
  return rows;
}

function buildTable(rows: Row[]): ChannelTable {
  const channels: Channel[] = [];
  for (const row of rows) {
    const secrets: string[] = [];
    for (const cipher of row.secrets ?? []) {
      try {
        secrets.push(decryptSecret(cipher));
      } catch {
        logger().error({ channel: row.name }, "a channel secret cannot be decrypted (AUTH_SECRET changed?)");
      }
    }
    const { createdAt: _c, updatedAt: _u, ...summary } = summaryFromRow(row);
    channels.push({ ...summary, secrets });
  }
  const byId = new Map(channels.map((c) => [c.id, c]));
  const byModel = new Map<string, Channel[]>();
  for (const channel of channels) {
    if (!channel.isEnabled || channel.secrets.length === 0) continue;
    for (const model of channel.models) {
      const list = byModel.get(model) ?? [];
      list.push(channel);
      byModel.set(model, list);
    }
  }
  return { channels, byId, byModel, loadedAt: Date.now() };
}

function load(): Promise<ChannelTable> {
  const s = state();
  if (s.loading) return s.loading;
  const version = s.version;
  const loading = selectChannelRows()
    .then((rows) => {
      const table = buildTable(rows);
      // a change that happened while loading makes this result stale: keep it for now, load again next time
      if (state().version === version) state().table = table;
      else state().table = { ...table, loadedAt: 0 };
      return table;
    })
    .finally(() => {
      state().loading = null;
    });
  s.loading = loading;
  return loading;
}

/** The current table: loads it the first time, then serves it from memory and refreshes it in the background. */
export async function channelTable(): Promise<ChannelTable> {
  const { table } = following();
  if (!table) return load();
  if (Date.now() - table.loadedAt > RELOAD_MS) void load().catch((error: unknown) => logger().warn({ err: String(error) }, "channel reload failed"));
  return table;
}

/** A table miss reloads at most this often (a flood of requests for unknown models cannot flood the database). */
const MISS_RELOAD_MS = 1_000;

/**
 * The table for a request that found no channel for its model: when the table is older than MISS_RELOAD_MS, load
 * it again now and return the fresh one, so a channel just added by another process (the CLI, another instance)
 * serves at once instead of after the background reload. Never on the hot path: only on a miss.
 */
export async function channelTableAfterMiss(): Promise<ChannelTable> {
  const { table } = following();
  if (table && Date.now() - table.loadedAt < MISS_RELOAD_MS) return table;
  return load();
}

/** After a change in this process: the next request sees a freshly loaded table. */
export async function invalidateChannels(): Promise<void> {
  const s = state();
  s.version++;
  s.table = null;
  if (s.loading) await s.loading.catch(() => undefined);
  await load();
}
