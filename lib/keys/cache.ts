/**
 * In-memory cache of verified keys (hash → key), so the relay's hot path does no database round trip. Entries are
 * also found by the presented secret itself, so a request for a cached key computes no SHA-256; an eviction removes
 * both ways in.
 * Every change to a key (disable, rotate, delete, limits), to its owner (account disabled, membership removed) or
 * to what keys carry (groups) evicts it here and broadcasts the eviction to the other instances (lib/cluster, over
 * Redis pub/sub when REDIS_URL is set). A lookup that read the database before an eviction arrived is not cached
 * (tombstones), so a racing request cannot put a revoked key back for the cache's lifetime.
 */
import { singleton } from "../singleton";
import type { ApiKeyAuth } from "./types";

export const KEY_CACHE_TTL_MS = 60_000;
/** How long after an eviction a lookup of the same key (or owner) is served from the database without caching. */
const TOMBSTONE_MS = 5_000;

/** What an eviction covers: one key, every key of a user, or everything. */
export type KeyEviction = { keyId: string } | { userId: string } | { isAll: true };

type Entry = { key: ApiKeyAuth | null; at: number; hash: string; secret: string | null };
type KeyCache = {
  byHash: Map<string, Entry>;
  /** presented secret → the same entry as byHash (for entries cached from a request) */
  bySecret: Map<string, Entry>;
  hashById: Map<string, string>;
  /** keyId / `user:<id>` / `*` → when it was last evicted */
  tombstones: Map<string, number>;
  broadcast: ((eviction: KeyEviction) => void) | null;
};

export function keyCache(): KeyCache {
  return singleton<KeyCache>("keys.cache", () => ({ byHash: new Map(), bySecret: new Map(), hashById: new Map(), tombstones: new Map(), broadcast: null }));
}

function isTombstoned(cache: KeyCache, key: ApiKeyAuth | null, now: number): boolean {
  const recent = (name: string) => now - (cache.tombstones.get(name) ?? -Infinity) < TOMBSTONE_MS;
  return recent("*") || (key !== null && (recent(key.id) || recent(`user:${key.userId}`)));
}

function bury(cache: KeyCache, name: string): void {
  const now = Date.now();
  if (cache.tombstones.size > 10_000) for (const [id, at] of cache.tombstones) if (now - at >= TOMBSTONE_MS) cache.tombstones.delete(id);
  cache.tombstones.set(name, now);
}

/** Drop one entry from both maps. */
function forget(cache: KeyCache, entry: Entry): void {
  cache.byHash.delete(entry.hash);
  if (entry.secret !== null) cache.bySecret.delete(entry.secret);
}

function fresh(cache: KeyCache, entry: Entry | undefined): ApiKeyAuth | null | undefined {
  if (!entry) return undefined;
  if (Date.now() - entry.at <= KEY_CACHE_TTL_MS) return entry.key;
  forget(cache, entry);
  return undefined;
}

export function cacheGet(hash: string): ApiKeyAuth | null | undefined {
  const cache = keyCache();
  return fresh(cache, cache.byHash.get(hash));
}

/** The cached key for a presented secret, without hashing it (undefined: not cached, hash and look it up). */
export function cacheGetBySecret(secret: string): ApiKeyAuth | null | undefined {
  const cache = keyCache();
  return fresh(cache, cache.bySecret.get(secret));
}

/** `secret`: the presented secret, when the entry comes from a request (lets cacheGetBySecret find it). */
export function cacheSet(hash: string, key: ApiKeyAuth | null, secret: string | null = null): void {
  const cache = keyCache();
  if (isTombstoned(cache, key, Date.now())) return;
  if (cache.byHash.size > 100_000) {
    cache.byHash.clear();
    cache.bySecret.clear();
  }
  const previous = cache.byHash.get(hash);
  if (previous) forget(cache, previous);
  const entry: Entry = { key, at: Date.now(), hash, secret };
  cache.byHash.set(hash, entry);
  if (secret !== null) cache.bySecret.set(secret, entry);
  if (key) cache.hashById.set(key.id, hash);
}

/** Apply an eviction in this process only (what a broadcast from another instance calls). */
export function evictLocally(eviction: KeyEviction): void {
  const cache = keyCache();
  if ("keyId" in eviction) {
    bury(cache, eviction.keyId);
    const hash = cache.hashById.get(eviction.keyId);
    const entry = hash === undefined ? undefined : cache.byHash.get(hash);
    if (entry) forget(cache, entry);
    cache.hashById.delete(eviction.keyId);
  } else if ("userId" in eviction) {
    bury(cache, `user:${eviction.userId}`);
    for (const entry of cache.byHash.values()) {
      if (entry.key?.userId !== eviction.userId) continue;
      forget(cache, entry);
      cache.hashById.delete(entry.key.id);
    }
  } else {
    bury(cache, "*");
    cache.byHash.clear();
    cache.bySecret.clear();
    cache.hashById.clear();
  }
}

/**
 * Drop every cached key in this process without tombstones (the cluster bus reconnected: evictions may have been
 * missed, but none is known to be in flight).
 */
export function clearLocalKeyCache(): void {
  const cache = keyCache();
  cache.byHash.clear();
  cache.bySecret.clear();
  cache.hashById.clear();
}

function invalidate(eviction: KeyEviction): void {
  evictLocally(eviction);
  keyCache().broadcast?.(eviction);
}

/** Evict one key in this process only. */
export function evictKeyLocally(keyId: string): void {
  evictLocally({ keyId });
}

/** Evict a key everywhere (disabled, rotated, deleted, limits changed): here at once, elsewhere by broadcast. */
export function invalidateKey(keyId: string): void {
  invalidate({ keyId });
}

/** Evict every key of a user everywhere: account disabled or re-enabled, membership removed or changed. */
export function invalidateUserKeys(userId: string): void {
  invalidate({ userId });
}

/** Evict every cached key everywhere (prices, groups or multipliers changed). */
export function invalidateAllKeys(): void {
  invalidate({ isAll: true });
}
