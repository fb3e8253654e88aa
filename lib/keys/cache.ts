/**
 * In-memory cache of verified keys (hash → key), so the relay's hot path does no database round trip.
 * Every change to a key (disable, rotate, delete, limits) evicts it here and broadcasts the eviction to the other
 * instances (lib/cluster, when REDIS_URL is set).
 */
import { singleton } from "../singleton";
import type { ApiKeyAuth } from "./types";

export const KEY_CACHE_TTL_MS = 60_000;

type Entry = { key: ApiKeyAuth | null; at: number };
type KeyCache = { byHash: Map<string, Entry>; hashById: Map<string, string>; broadcast: ((keyId: string) => void) | null };

export function keyCache(): KeyCache {
  return singleton<KeyCache>("keys.cache", () => ({ byHash: new Map(), hashById: new Map(), broadcast: null }));
}

export function cacheGet(hash: string): ApiKeyAuth | null | undefined {
  const entry = keyCache().byHash.get(hash);
  if (!entry) return undefined;
  if (Date.now() - entry.at > KEY_CACHE_TTL_MS) {
    keyCache().byHash.delete(hash);
    return undefined;
  }
  return entry.key;
}

export function cacheSet(hash: string, key: ApiKeyAuth | null): void {
  const cache = keyCache();
  if (cache.byHash.size > 100_000) cache.byHash.clear();
  cache.byHash.set(hash, { key, at: Date.now() });
  if (key) cache.hashById.set(key.id, hash);
}

/** Evict one key in this process only (what a broadcast from another instance calls). */
export function evictKeyLocally(keyId: string): void {
  const cache = keyCache();
  const hash = cache.hashById.get(keyId);
  if (hash) cache.byHash.delete(hash);
  cache.hashById.delete(keyId);
}

/** Evict a key everywhere: here at once, on other instances through the broadcast hook. */
export function invalidateKey(keyId: string): void {
  evictKeyLocally(keyId);
  keyCache().broadcast?.(keyId);
}

/** Evict every key of a user (account disabled, group changed). */
export function invalidateAllKeys(): void {
  const cache = keyCache();
  const ids = [...cache.hashById.keys()];
  cache.byHash.clear();
  cache.hashById.clear();
  for (const id of ids) cache.broadcast?.(id);
}
