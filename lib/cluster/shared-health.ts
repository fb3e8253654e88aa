/**
 * Shared channel health: the outcomes each instance sees (lib/relay/routing/health.ts) are batched and published
 * on the cluster bus every FLUSH_MS, and every other instance counts them as its own, so a channel failing for
 * one instance opens its circuit on all of them; an operator's reset (channel edited or re-enabled) clears it on all
 * of them too. Health is statistics over the last minute: outcomes that could
 * not be published while Redis was away are dropped, and each instance decides on its own data meanwhile.
 */
import { applyRemoteObservation, applyRemoteReset, setHealthObserver, type HealthObservation } from "../relay/routing/health";
import type { ClusterBus } from "./bus";

const TOPIC = "channel-health";
const RESET_TOPIC = "channel-health-reset";
const FLUSH_MS = 100;
/** Cap per batch: beyond it, older outcomes are dropped (the window is statistical, the newest matter most). */
const MAX_BATCH = 2_000;

/** Wire channel health to the bus. Returns the function that unwires it. */
export function shareChannelHealth(bus: ClusterBus): () => void {
  let pending: HealthObservation[] = [];
  const observe = (observation: HealthObservation) => {
    pending.push(observation);
    if (pending.length > MAX_BATCH) pending.splice(0, pending.length - MAX_BATCH);
  };
  setHealthObserver(observe, (channelId) => void bus.publish(RESET_TOPIC, channelId));
  const timer = setInterval(() => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    void bus.publish(TOPIC, batch.map((o) => [o.channelId, o.isSuccess ? 1 : 0, Math.round(o.latencyMs), o.reason]));
  }, FLUSH_MS);
  timer.unref();
  bus.subscribe(TOPIC, (payload) => {
    if (!Array.isArray(payload)) return;
    const now = Date.now();
    for (const item of payload) {
      if (!Array.isArray(item) || typeof item[0] !== "string") continue;
      const [channelId, isSuccess, latencyMs, reason] = item as [string, number, number, string | null];
      applyRemoteObservation({ channelId, isSuccess: isSuccess === 1, latencyMs: Number(latencyMs) || 0, reason: typeof reason === "string" ? reason : null }, now);
    }
  });
  bus.subscribe(RESET_TOPIC, (payload) => {
    if (typeof payload === "string") applyRemoteReset(payload);
  });
  return () => {
    clearInterval(timer);
    setHealthObserver(null);
  };
}
