/**
 * Live channel health. Each channel keeps a sliding window (six 10-second buckets) of successes, failures and
 * time-to-first-byte. A channel is taken out (circuit open) when the window shows at least MIN_REQUESTS with an
 * error rate of 50% or more, or after 3 consecutive failures; after a cool-down one probe request is let through
 * (half-open): success brings it back, failure doubles the cool-down (up to 5 minutes). The routing weight of a
 * healthy channel is scaled by its success rate and latency, so traffic drifts to the fastest reliable path.
 * In a cluster every instance also counts the outcomes the others saw (applyRemoteObservation, fed by
 * lib/cluster/shared-health.ts), so one instance's failures steer all of them away from a bad channel.
 */
import { singleton } from "../../singleton";

const BUCKET_MS = 10_000;
const BUCKETS = 6;
const MIN_REQUESTS = 5;
const ERROR_RATE_TO_OPEN = 0.5;
const CONSECUTIVE_TO_OPEN = 3;
const BASE_COOLDOWN_MS = 15_000;
const MAX_COOLDOWN_MS = 300_000;

type Bucket = { start: number; ok: number; failed: number; latencySum: number };

type ChannelHealth = {
  buckets: Bucket[];
  consecutiveFailures: number;
  state: "closed" | "open" | "half_open";
  openUntil: number;
  cooldownMs: number;
  latencyEwmaMs: number | null;
  lastError: string | null;
};

export type HealthSnapshot = {
  channelId: string;
  state: ChannelHealth["state"];
  requests: number;
  errorRate: number;
  latencyMs: number | null;
  openUntil: Date | null;
  lastError: string | null;
};

const table = () => singleton("relay.health", () => new Map<string, ChannelHealth>());

function health(channelId: string): ChannelHealth {
  let h = table().get(channelId);
  if (!h) {
    h = { buckets: [], consecutiveFailures: 0, state: "closed", openUntil: 0, cooldownMs: BASE_COOLDOWN_MS, latencyEwmaMs: null, lastError: null };
    table().set(channelId, h);
  }
  return h;
}

function bucket(h: ChannelHealth, now: number): Bucket {
  const start = now - (now % BUCKET_MS);
  let last = h.buckets[h.buckets.length - 1];
  if (!last || last.start !== start) {
    last = { start, ok: 0, failed: 0, latencySum: 0 };
    h.buckets.push(last);
    if (h.buckets.length > BUCKETS) h.buckets.shift();
  }
  return last;
}

function windowStats(h: ChannelHealth, now: number): { ok: number; failed: number } {
  let ok = 0;
  let failed = 0;
  for (const b of h.buckets) {
    if (now - b.start >= BUCKET_MS * BUCKETS) continue;
    ok += b.ok;
    failed += b.failed;
  }
  return { ok, failed };
}

function open(h: ChannelHealth, now: number): void {
  h.state = "open";
  h.openUntil = now + h.cooldownMs;
}

/** One outcome seen by this instance; lib/cluster/shared-health.ts shares them so every instance steers alike. */
export type HealthObservation = { channelId: string; isSuccess: boolean; latencyMs: number; reason: string | null };

type Observer = { observe: ((observation: HealthObservation) => void) | null; observeReset: ((channelId: string) => void) | null };
const observer = () => singleton<Observer>("relay.health.observer", () => ({ observe: null, observeReset: null }));

/** Install (or remove, with nulls) the functions told about every local outcome and reset. */
export function setHealthObserver(observe: Observer["observe"], observeReset: Observer["observeReset"] = null): void {
  observer().observe = observe;
  observer().observeReset = observeReset;
}

/** An outcome another instance saw: counted like a local one, and not passed on again. */
export function applyRemoteObservation(observation: HealthObservation, now = Date.now()): void {
  if (observation.isSuccess) noteSuccess(observation.channelId, observation.latencyMs, now);
  else noteFailure(observation.channelId, observation.reason ?? "remote", now);
}

export function recordSuccess(channelId: string, latencyMs: number, now = Date.now()): void {
  noteSuccess(channelId, latencyMs, now);
  observer().observe?.({ channelId, isSuccess: true, latencyMs, reason: null });
}

export function recordFailure(channelId: string, reason: string, now = Date.now()): void {
  noteFailure(channelId, reason, now);
  observer().observe?.({ channelId, isSuccess: false, latencyMs: 0, reason });
}

function noteSuccess(channelId: string, latencyMs: number, now: number): void {
  const h = health(channelId);
  const b = bucket(h, now);
  b.ok++;
  b.latencySum += latencyMs;
  h.latencyEwmaMs = h.latencyEwmaMs === null ? latencyMs : h.latencyEwmaMs * 0.8 + latencyMs * 0.2;
  h.consecutiveFailures = 0;
  if (h.state !== "closed") {
    h.state = "closed";
    h.cooldownMs = BASE_COOLDOWN_MS;
  }
}

function noteFailure(channelId: string, reason: string, now: number): void {
  const h = health(channelId);
  bucket(h, now).failed++;
  h.consecutiveFailures++;
  h.lastError = reason;
  if (h.state === "half_open") {
    h.cooldownMs = Math.min(MAX_COOLDOWN_MS, h.cooldownMs * 2);
    open(h, now);
    return;
  }
  if (h.state === "open") return;
  const { ok, failed } = windowStats(h, now);
  const total = ok + failed;
  if (h.consecutiveFailures >= CONSECUTIVE_TO_OPEN || (total >= MIN_REQUESTS && failed / total >= ERROR_RATE_TO_OPEN)) open(h, now);
}

/**
 * Whether a request may use the channel now. An open channel past its cool-down lets exactly one probe through.
 */
export function tryAcquireChannel(channelId: string, now = Date.now()): boolean {
  const h = table().get(channelId);
  if (!h || h.state === "closed") return true;
  if (h.state === "open" && now >= h.openUntil) {
    h.state = "half_open";
    h.openUntil = now + h.cooldownMs; // a probe that never reports back frees the slot after another cool-down
    return true;
  }
  if (h.state === "half_open" && now >= h.openUntil) {
    h.openUntil = now + h.cooldownMs;
    return true;
  }
  return false;
}

export function isChannelAvailable(channelId: string, now = Date.now()): boolean {
  const h = table().get(channelId);
  return !h || h.state === "closed" || (h.state === "open" && now >= h.openUntil);
}

/** Routing weight factor in (0, 1]: success rate squared, over latency. */
export function healthFactor(channelId: string, now = Date.now()): number {
  const h = table().get(channelId);
  if (!h) return 1;
  const { ok, failed } = windowStats(h, now);
  const total = ok + failed;
  const successRate = total === 0 ? 1 : Math.max(0.05, ok / total);
  const latency = h.latencyEwmaMs ?? 0;
  return (successRate * successRate) / (1 + latency / 1000);
}

export function channelHealth(channelId: string, now = Date.now()): HealthSnapshot {
  const h = health(channelId);
  const { ok, failed } = windowStats(h, now);
  const total = ok + failed;
  return {
    channelId,
    state: h.state,
    requests: total,
    errorRate: total === 0 ? 0 : failed / total,
    latencyMs: h.latencyEwmaMs === null ? null : Math.round(h.latencyEwmaMs),
    openUntil: h.state === "closed" ? null : new Date(h.openUntil),
    lastError: h.lastError,
  };
}

/** Forget a channel's history (an operator re-enabled or edited it), on every instance. */
export function resetChannelHealth(channelId: string): void {
  table().delete(channelId);
  observer().observeReset?.(channelId);
}

/** A reset made on another instance. */
export function applyRemoteReset(channelId: string): void {
  table().delete(channelId);
}
