/**
 * The operator's channel table: every channel (secret hints only, never secrets) with its live health and today's
 * traffic. Health over the last 5 and 60 minutes (success rate, p50/p95 latency, last failure) is read from the
 * request log through its (channel_id, created_at) index, so it is the same on every instance; the circuit state
 * (taken out, when it is probed again) is this instance's router's view. Attempts a channel failed before the
 * request moved on to another channel (channel_attempt_failures) count as its requests and failures too: the log
 * row names only the final channel. Today's requests and upstream cost come from the hourly rollups (requests
 * served, as billed).
 */
import "server-only";
import { listChannels } from "../channels/list-channels";
import type { ChannelSummary } from "../channels/types";
import { sql } from "../db";
import { channelHealth } from "../relay/routing/health";

/** A failure the channel is answerable for: the upstream errored, timed out or rate limited us. */
export const CHANNEL_FAILURE_SQL = "(status >= 500 or status = 429)";

export type WindowHealth = {
  requests: number;
  failures: number;
  /** 0..1, null when there were no requests */
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
};

export type AdminChannel = Omit<ChannelSummary, "createdAt" | "updatedAt"> & {
  createdAt: string;
  updatedAt: string;
  health: {
    last5m: WindowHealth;
    last60m: WindowHealth;
    /** the router's circuit on this instance */
    circuit: "closed" | "open" | "half_open";
    /** when an open circuit lets the next probe through (ISO), null when closed */
    probeAt: string | null;
    /** the most recent failure: from the router when it saw one, else from the log (last 24 h) */
    lastError: { message: string; at: string | null } | null;
  };
  today: { requests: number; errors: number; cost: string; upstreamCost: string };
};

type HealthRow = {
  channel_id: string;
  req5: number;
  fail5: number;
  p50_5: number | null;
  p95_5: number | null;
  req60: number;
  fail60: number;
  p50_60: number | null;
  p95_60: number | null;
};

function windowHealth(requests: number, failures: number, p50: number | null, p95: number | null): WindowHealth {
  return { requests, failures, successRate: requests === 0 ? null : (requests - failures) / requests, p50Ms: p50, p95Ms: p95 };
}

export async function listChannelsWithHealth({ now = new Date() }: { now?: Date } = {}): Promise<AdminChannel[]> {
  const channels = await listChannels();
  if (channels.length === 0) return [];
  const ids = channels.map((c) => c.id);
  const [health, lastErrors, today, attempts] = await Promise.all([
    sql<HealthRow>(
      `select channel_id,
              count(*) filter (where created_at > $2::timestamptz - interval '5 minutes')::int as req5,
              count(*) filter (where created_at > $2::timestamptz - interval '5 minutes' and ${CHANNEL_FAILURE_SQL})::int as fail5,
              percentile_disc(0.5) within group (order by latency_ms) filter (where created_at > $2::timestamptz - interval '5 minutes' and not ${CHANNEL_FAILURE_SQL}) as p50_5,
              percentile_disc(0.95) within group (order by latency_ms) filter (where created_at > $2::timestamptz - interval '5 minutes' and not ${CHANNEL_FAILURE_SQL}) as p95_5,
              count(*)::int as req60,
              count(*) filter (where ${CHANNEL_FAILURE_SQL})::int as fail60,
              percentile_disc(0.5) within group (order by latency_ms) filter (where not ${CHANNEL_FAILURE_SQL}) as p50_60,
              percentile_disc(0.95) within group (order by latency_ms) filter (where not ${CHANNEL_FAILURE_SQL}) as p95_60
         from request_logs
        where channel_id = any($1::uuid[]) and created_at > $2::timestamptz - interval '60 minutes' and created_at <= $2::timestamptz
        group by channel_id`,
      [ids, now],
    ),
    sql<{ channel_id: string; created_at: Date; status: number; error_code: string | null }>(
      `select distinct on (channel_id) channel_id, created_at, status, error_code
         from request_logs
        where channel_id = any($1::uuid[]) and created_at > $2::timestamptz - interval '24 hours' and ${CHANNEL_FAILURE_SQL}
        order by channel_id desc, created_at desc`,
      [ids, now],
    ),
    sql<{ channel_id: string; requests: bigint; errors: bigint; cost: bigint; upstream_cost: bigint }>(
      `select channel_id, sum(requests)::bigint as requests, sum(errors)::bigint as errors, sum(cost)::bigint as cost,
              sum(upstream_cost)::bigint as upstream_cost
         from usage_rollups
        where channel_id = any($1::uuid[]) and hour >= date_trunc('day', $2::timestamptz at time zone 'UTC') at time zone 'UTC'
        group by channel_id`,
      [ids, now],
    ),
    sql<{ channel_id: string; fail5: number; fail60: number; last_at: Date; last_status: number; last_code: string }>(
      `select channel_id,
              count(*) filter (where created_at > $2::timestamptz - interval '5 minutes')::int as fail5,
              count(*) filter (where created_at > $2::timestamptz - interval '60 minutes')::int as fail60,
              max(created_at) as last_at,
              (array_agg(status order by created_at desc))[1] as last_status,
              (array_agg(error_code order by created_at desc))[1] as last_code
         from channel_attempt_failures
        where channel_id = any($1::uuid[]) and created_at > $2::timestamptz - interval '24 hours' and created_at <= $2::timestamptz
        group by channel_id`,
      [ids, now],
    ),
  ]);
  const healthById = new Map(health.rows.map((r) => [r.channel_id, r]));
  const errorById = new Map(lastErrors.rows.map((r) => [r.channel_id, r]));
  const todayById = new Map(today.rows.map((r) => [r.channel_id, r]));
  const attemptsById = new Map(attempts.rows.map((r) => [r.channel_id, r]));

  return channels.map((channel) => {
    const h = healthById.get(channel.id);
    const live = channelHealth(channel.id, now.getTime());
    const failed = attemptsById.get(channel.id);
    const loggedError = errorById.get(channel.id);
    const logged =
      failed && (!loggedError || failed.last_at > loggedError.created_at)
        ? { created_at: failed.last_at, status: failed.last_status, error_code: failed.last_code }
        : loggedError;
    const day = todayById.get(channel.id);
    const lastError = live.lastError
      ? { message: live.lastError, at: null }
      : logged
        ? { message: logged.error_code ? `${logged.status} ${logged.error_code}` : `HTTP ${logged.status}`, at: logged.created_at.toISOString() }
        : null;
    const fail5 = failed?.fail5 ?? 0;
    const fail60 = failed?.fail60 ?? 0;
    return {
      ...channel,
      createdAt: channel.createdAt.toISOString(),
      updatedAt: channel.updatedAt.toISOString(),
      health: {
        last5m: windowHealth((h?.req5 ?? 0) + fail5, (h?.fail5 ?? 0) + fail5, h?.p50_5 ?? null, h?.p95_5 ?? null),
        last60m: windowHealth((h?.req60 ?? 0) + fail60, (h?.fail60 ?? 0) + fail60, h?.p50_60 ?? null, h?.p95_60 ?? null),
        circuit: live.state,
        probeAt: live.openUntil ? live.openUntil.toISOString() : null,
        lastError,
      },
      today: {
        requests: Number(day?.requests ?? 0n),
        errors: Number(day?.errors ?? 0n),
        cost: (day?.cost ?? 0n).toString(),
        upstreamCost: (day?.upstream_cost ?? 0n).toString(),
      },
    };
  });
}
