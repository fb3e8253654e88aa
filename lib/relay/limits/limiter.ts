/**
 * Per-key limits: concurrent requests (default cap 100) and optional requests per minute. The relay talks to the
 * Limiter interface only (and awaits it); the in-process implementation below is the one-machine default and
 * answers synchronously, and the Redis-backed one (lib/cluster/redis-limiter.ts) is installed with setLimiter()
 * when several instances must share the counts.
 */
import { singleton } from "../../singleton";

export type RpmResult = { isAllowed: true } | { isAllowed: false; retryAfterSeconds: number };

export type Limiter = {
  /** Take a concurrency slot for the key; returns its release function, or null when the key is at its cap. */
  acquire(keyId: string, limit: number): (() => void) | null | Promise<(() => void) | null>;
  /** Count one request against the key's per-minute limit. */
  hitRpm(keyId: string, limit: number, now?: number): RpmResult | Promise<RpmResult>;
  /** Requests in flight for a key (console, tests). */
  inFlight(keyId: string): number | Promise<number>;
};

/** The in-process limiter answers at once. */
export type MemoryLimiter = {
  acquire(keyId: string, limit: number): (() => void) | null;
  hitRpm(keyId: string, limit: number, now?: number): RpmResult;
  inFlight(keyId: string): number;
};

const WINDOW_MS = 60_000;

/** In-process limiter: a counter per key, and a sliding minute estimated from the current and previous windows. */
export function createMemoryLimiter(): MemoryLimiter {
  const active = new Map<string, number>();
  const windows = new Map<string, { start: number; current: number; previous: number }>();
  return {
    acquire(keyId, limit) {
      const count = active.get(keyId) ?? 0;
      if (count >= limit) return null;
      active.set(keyId, count + 1);
      let isReleased = false;
      return () => {
        if (isReleased) return;
        isReleased = true;
        const left = (active.get(keyId) ?? 1) - 1;
        if (left <= 0) active.delete(keyId);
        else active.set(keyId, left);
      };
    },
    hitRpm(keyId, limit, now = Date.now()) {
      const start = now - (now % WINDOW_MS);
      let window = windows.get(keyId);
      if (!window || window.start !== start) {
        const previous = window && window.start === start - WINDOW_MS ? window.current : 0;
        window = { start, current: 0, previous };
        windows.set(keyId, window);
        if (windows.size > 200_000) windows.clear();
      }
      const elapsed = now - start;
      const estimate = window.previous * ((WINDOW_MS - elapsed) / WINDOW_MS) + window.current;
      if (estimate + 1 > limit) {
        // when the estimate falls below the limit again: at the latest, when this window ends
        const retryAfterSeconds = Math.max(1, Math.ceil((WINDOW_MS - elapsed) / 1000));
        return { isAllowed: false, retryAfterSeconds };
      }
      window.current++;
      return { isAllowed: true };
    },
    inFlight(keyId) {
      return active.get(keyId) ?? 0;
    },
  };
}

type Holder = { limiter: Limiter };
const holder = () => singleton<Holder>("relay.limiter", () => ({ limiter: createMemoryLimiter() }));

export function limiter(): Limiter {
  return holder().limiter;
}

/** Install another implementation (e.g. Redis-backed, for a cluster). */
export function setLimiter(next: Limiter): void {
  holder().limiter = next;
}
