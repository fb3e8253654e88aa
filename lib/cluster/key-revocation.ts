/**
 * Key revocation across instances: every eviction of the key cache (lib/keys/cache.ts) is published on the
 * cluster bus and applied by every other instance as it arrives (well within the 1-second bound). Pub/sub drops
 * messages while an instance is cut off, so: a subscription that (re)connects drops the whole local cache, and an
 * eviction that could not be published is made up for by an "evict everything" once Redis is back.
 */
import { logger } from "../log";
import { clearLocalKeyCache, evictLocally, keyCache, type KeyEviction } from "../keys/cache";
import type { ClusterBus } from "./bus";

export const KEY_TOPIC = "keys";

function isEviction(value: unknown): value is KeyEviction {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.keyId === "string" || typeof v.userId === "string" || v.isAll === true;
}

/** Wire the key cache to the bus. Returns the function that unwires it. */
export function shareKeyRevocations(bus: ClusterBus): () => void {
  let isBehind = false;
  const publish = (eviction: KeyEviction) => {
    void bus.publish(KEY_TOPIC, eviction).then((isSent) => {
      if (isSent) return;
      if (!isBehind) logger().warn({ eviction }, "key revocation not broadcast (redis away); every instance drops its key cache when redis returns");
      isBehind = true;
    });
  };
  keyCache().broadcast = publish;
  bus.subscribe(KEY_TOPIC, (payload) => {
    if (isEviction(payload)) evictLocally(payload);
  });
  bus.onResync(clearLocalKeyCache);
  bus.onPublisherReady(() => {
    if (!isBehind) return;
    isBehind = false;
    publish({ isAll: true });
  });
  return () => {
    if (keyCache().broadcast === publish) keyCache().broadcast = null;
  };
}
