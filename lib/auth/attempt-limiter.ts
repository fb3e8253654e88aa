/**
 * Throttling of repeated failures (sign-in, password-reset requests). A limiter counts failures per key in a
 * sliding window and locks the key once the count reaches the limit, until the oldest failure ages out.
 *
 * The store is behind `AttemptStore`: with REDIS_URL every instance shares one (lib/auth/redis-attempt-store), so
 * spreading guesses over instances gains nothing; otherwise it lives in process memory, correct for one instance.
 */
import "server-only";
import { redis } from "../cluster/redis";
import { singleton } from "../singleton";
import { AppError } from "../errors";
import { attemptKeyPrefix, redisAttemptStore } from "./redis-attempt-store";
import { authErrors } from "./schemas";

export type AttemptStore = {
  /** Failure timestamps (ms) for a key within the window, oldest first. */
  failures: (key: string, sinceMs: number) => Promise<number[]>;
  recordFailure: (key: string, atMs: number, windowMs: number) => Promise<void>;
  clear: (key: string) => Promise<void>;
};

export type AttemptPolicy = { limit: number; windowMs: number };
export type AttemptVerdict = { isLimited: boolean; retryAfterMs: number };

/** In-process store; entries are dropped once they leave the window, so memory stays bounded by active keys. */
export function memoryAttemptStore(): AttemptStore {
  const entries = new Map<string, number[]>();
  let lastSweep = 0;
  const sweep = (now: number, windowMs: number) => {
    if (now - lastSweep < windowMs) return;
    lastSweep = now;
    for (const [key, times] of entries) {
      if (times[times.length - 1] < now - windowMs) entries.delete(key);
    }
  };
  return {
    async failures(key, sinceMs) {
      const times = entries.get(key);
      if (!times) return [];
      const recent = times.filter((at) => at >= sinceMs);
      if (recent.length === 0) entries.delete(key);
      else if (recent.length !== times.length) entries.set(key, recent);
      return recent;
    },
    async recordFailure(key, atMs, windowMs) {
      sweep(atMs, windowMs);
      const times = (entries.get(key) ?? []).filter((at) => at >= atMs - windowMs);
      times.push(atMs);
      entries.set(key, times);
    },
    async clear(key) {
      entries.delete(key);
    },
  };
}

export type AttemptLimiter = {
  check: (key: string) => Promise<AttemptVerdict>;
  recordFailure: (key: string) => Promise<void>;
  reset: (key: string) => Promise<void>;
};

export function createAttemptLimiter({
  policy,
  store,
  now = Date.now,
}: {
  policy: AttemptPolicy;
  store: AttemptStore;
  now?: () => number;
}): AttemptLimiter {
  return {
    async check(key) {
      const at = now();
      const times = await store.failures(key, at - policy.windowMs);
      if (times.length < policy.limit) return { isLimited: false, retryAfterMs: 0 };
      // Locked until enough failures age out to fall below the limit.
      const unlockAt = times[times.length - policy.limit] + policy.windowMs;
      return { isLimited: true, retryAfterMs: Math.max(1_000, unlockAt - at) };
    },
    recordFailure: (key) => store.recordFailure(key, now(), policy.windowMs),
    reset: (key) => store.clear(key),
  };
}

/** Sign-in failures: 5 per account and 30 per IP address in 15 minutes. Reset requests: 5 per account and 20 per IP an hour. */
export const AUTH_POLICIES = {
  signInAccount: { limit: 5, windowMs: 15 * 60_000 },
  signInIp: { limit: 30, windowMs: 15 * 60_000 },
  resetAccount: { limit: 5, windowMs: 60 * 60_000 },
  resetIp: { limit: 20, windowMs: 60 * 60_000 },
  // Sign-up and verification-link mails, like reset requests: 5 per address and 20 per IP address an hour.
  signUpAccount: { limit: 5, windowMs: 60 * 60_000 },
  signUpIp: { limit: 20, windowMs: 60 * 60_000 },
} as const satisfies Record<string, AttemptPolicy>;

export type AuthLimiterName = keyof typeof AUTH_POLICIES;

/** Where failures are counted: Redis when configured (shared by every instance), else this process's memory. */
function attemptStore(): AttemptStore {
  return singleton("auth.attempt-store", () => {
    const connection = redis();
    const memory = memoryAttemptStore();
    return connection ? redisAttemptStore({ connection, prefix: attemptKeyPrefix(), fallback: memory }) : memory;
  });
}

/** The process-wide limiter for one policy (keys are namespaced by purpose, so the policies share one store). */
export function authLimiter(name: AuthLimiterName): AttemptLimiter {
  return singleton(`auth.limiter.${name}`, () => createAttemptLimiter({ policy: AUTH_POLICIES[name], store: attemptStore() }));
}

/** Minutes to tell a person to wait (rounded up, at least 1). */
export function retryAfterMinutes(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 60_000));
}

/**
 * For requests that send mail (reset, sign-up, resend): refuse with a 429 while any key is locked, else count this
 * request against every key. Counted whether or not an account exists, so the limit says nothing about accounts.
 */
export async function countMailRequest({ keys, locale }: { keys: [AuthLimiterName, string][]; locale?: string | null }): Promise<void> {
  for (const [name, key] of keys) {
    const verdict = await authLimiter(name).check(key);
    if (verdict.isLimited) {
      throw new AppError("rate_limited", authErrors(locale)("tooManyAttempts", { minutes: retryAfterMinutes(verdict.retryAfterMs) }), {
        headers: { "Retry-After": String(Math.ceil(verdict.retryAfterMs / 1000)) },
      });
    }
  }
  await Promise.all(keys.map(([name, key]) => authLimiter(name).recordFailure(key)));
}
