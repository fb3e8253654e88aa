/**
 * The cluster's per-key limits in Redis, behind the relay's Limiter interface (lib/relay/limits/limiter.ts):
 *
 * - concurrency: a sorted set per key whose members are the slots in flight anywhere in the cluster, scored by
 *   the expiry of their lease (Redis server time, so instance clocks do not matter). One Lua script drops expired
 *   slots, counts and adds atomically. Each instance renews the leases of its slots, so a long stream keeps its
 *   slot and a crashed instance's slots lapse within LEASE_MS.
 * - requests per minute: the same sliding-minute estimate as the in-process limiter (current and previous
 *   fixed windows), in one hash per key, updated by one Lua script.
 *
 * While Redis is away the limits are per instance (this instance's own slots and a local minute), and when it
 * returns the instance catches up: its slots still in flight are registered in Redis, its releases that could not
 * be sent are sent, and the requests it admitted this minute are added to the shared window.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { createMemoryLimiter, type Limiter, type RpmResult } from "../relay/limits/limiter";
import { isReady, redisKey, redisScript, runScript } from "./redis";

const LEASE_MS = 30_000;
const RENEW_EVERY_MS = 10_000;
const WINDOW_MS = 60_000;

const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS[1] slots; ARGV limit, slot, leaseMs → 1 admitted, 0 at the cap. */
const ACQUIRE = redisScript(`${NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1`);

/** KEYS slot sets; ARGV leaseMs, then one slot per key → renews (or re-registers) each slot's lease. */
const RENEW = redisScript(`${NOW_MS}
local lease = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now + lease, ARGV[i + 1])
  redis.call('PEXPIRE', key, lease)
end
return #KEYS`);

/** KEYS[1] minute hash; ARGV limit, count, force → 0 admitted, else seconds until a retry can succeed. */
const HIT_RPM = redisScript(`${NOW_MS}
local start = now - (now % ${WINDOW_MS})
local h = redis.call('HMGET', KEYS[1], 's', 'c', 'p')
local s = tonumber(h[1])
local c = tonumber(h[2]) or 0
local p = tonumber(h[3]) or 0
if s ~= start then
  if s == start - ${WINDOW_MS} then p = c else p = 0 end
  c = 0
end
local elapsed = now - start
local estimate = p * ((${WINDOW_MS} - elapsed) / ${WINDOW_MS}) + c
local verdict = 0
if ARGV[3] ~= '1' and estimate + 1 > tonumber(ARGV[1]) then
  verdict = math.max(1, math.ceil((${WINDOW_MS} - elapsed) / 1000))
else
  c = c + tonumber(ARGV[2])
end
redis.call('HSET', KEYS[1], 's', start, 'c', c, 'p', p)
redis.call('PEXPIRE', KEYS[1], ${WINDOW_MS * 2})
return verdict`);

type Slot = { keyId: string; id: string; isInRedis: boolean; isReleased: boolean };

export type RedisLimiter = Limiter & {
  /** Whether the last decision was made in Redis (false: per-instance fallback). */
  isShared: () => boolean;
  /** Send what the instance owes Redis now (it also runs by itself when the connection becomes ready). */
  catchUp: () => Promise<void>;
  stop: () => void;
};

export function createRedisLimiter({ connection, prefix }: { connection: Redis; prefix: string }): RedisLimiter {
  const instance = randomUUID();
  let sequence = 0;
  const slotsKey = (keyId: string) => redisKey(`limit:slots:${keyId}`, prefix);
  const rpmKey = (keyId: string) => redisKey(`limit:rpm:${keyId}`, prefix);

  /** every slot this instance holds, wherever it was admitted */
  const held = new Set<Slot>();
  const localCount = new Map<string, number>();
  /** releases that could not reach Redis */
  const unsentReleases: Slot[] = [];
  /** the per-instance minute while Redis is away, and what it admitted (added to Redis on return) */
  const localMinute = createMemoryLimiter();
  const unsentHits = new Map<string, { windowStart: number; count: number }>();
  let isShared = true;

  const countLocal = (keyId: string, delta: number) => {
    const next = (localCount.get(keyId) ?? 0) + delta;
    if (next <= 0) localCount.delete(keyId);
    else localCount.set(keyId, next);
  };

  const sendRelease = (slot: Slot) => {
    if (!isReady(connection)) {
      unsentReleases.push(slot);
      return;
    }
    connection.zrem(slotsKey(slot.keyId), slot.id).catch(() => unsentReleases.push(slot));
  };

  const releaseOf = (slot: Slot) => () => {
    if (slot.isReleased) return;
    slot.isReleased = true;
    held.delete(slot);
    countLocal(slot.keyId, -1);
    if (slot.isInRedis) sendRelease(slot);
  };

  const take = (keyId: string, isInRedis: boolean) => {
    const slot: Slot = { keyId, id: `${instance}:${++sequence}`, isInRedis, isReleased: false };
    held.add(slot);
    countLocal(keyId, 1);
    return releaseOf(slot);
  };

  const renew = async (slots: Slot[]) => {
    if (slots.length === 0) return;
    for (let i = 0; i < slots.length; i += 500) {
      const chunk = slots.slice(i, i + 500);
      await runScript(connection, RENEW, chunk.map((s) => slotsKey(s.keyId)), [LEASE_MS, ...chunk.map((s) => s.id)]);
    }
  };

  let catchingUp: Promise<void> | null = null;
  const catchUp = async () => {
    if (!isReady(connection)) return;
    // slots admitted locally and still in flight now count in Redis; Redis-admitted ones get their lease back
    // (a restarted Redis has lost them)
    const open = [...held].filter((s) => !s.isReleased);
    for (const slot of open) slot.isInRedis = true; // before the await: a release from now on goes to Redis too
    await renew(open);
    const releases = unsentReleases.splice(0);
    if (releases.length > 0) {
      const pipeline = connection.pipeline();
      for (const slot of releases) pipeline.zrem(slotsKey(slot.keyId), slot.id);
      await pipeline.exec();
    }
    const now = Date.now();
    const hits = [...unsentHits.entries()];
    unsentHits.clear();
    for (const [keyId, { windowStart, count }] of hits) {
      if (now - windowStart < WINDOW_MS) await runScript(connection, HIT_RPM, [rpmKey(keyId)], [0, count, "1"]);
    }
    isShared = true;
  };
  const runCatchUp = () => {
    catchingUp ??= catchUp()
      .catch(() => undefined)
      .finally(() => {
        catchingUp = null;
      });
    return catchingUp;
  };
  connection.on("ready", runCatchUp);

  const renewer = setInterval(() => {
    if (isReady(connection)) void renew([...held].filter((s) => s.isInRedis && !s.isReleased)).catch(() => undefined);
  }, RENEW_EVERY_MS);
  renewer.unref();

  const fallbackAcquire = (keyId: string, limit: number) => {
    isShared = false;
    if ((localCount.get(keyId) ?? 0) >= limit) return null;
    return take(keyId, false);
  };

  const fallbackRpm = (keyId: string, limit: number, now: number): RpmResult => {
    isShared = false;
    const result = localMinute.hitRpm(keyId, limit, now);
    if (result.isAllowed) {
      const windowStart = now - (now % WINDOW_MS);
      const entry = unsentHits.get(keyId);
      if (entry && entry.windowStart === windowStart) entry.count += 1;
      else unsentHits.set(keyId, { windowStart, count: 1 });
    }
    return result;
  };

  return {
    async acquire(keyId, limit) {
      if (!isReady(connection)) return fallbackAcquire(keyId, limit);
      const id = `${instance}:${++sequence}`;
      let admitted: unknown;
      try {
        admitted = await runScript(connection, ACQUIRE, [slotsKey(keyId)], [limit, id, LEASE_MS]);
      } catch {
        // the script may have run before the connection failed: make sure that slot is removed when Redis returns
        unsentReleases.push({ keyId, id, isInRedis: true, isReleased: true });
        return fallbackAcquire(keyId, limit);
      }
      isShared = true;
      if (admitted !== 1) return null;
      const slot: Slot = { keyId, id, isInRedis: true, isReleased: false };
      held.add(slot);
      countLocal(keyId, 1);
      return releaseOf(slot);
    },
    async hitRpm(keyId, limit, now = Date.now()) {
      if (!isReady(connection)) return fallbackRpm(keyId, limit, now);
      let verdict: unknown;
      try {
        verdict = await runScript(connection, HIT_RPM, [rpmKey(keyId)], [limit, 1, "0"]);
      } catch {
        return fallbackRpm(keyId, limit, now);
      }
      isShared = true;
      return verdict === 0 ? { isAllowed: true } : { isAllowed: false, retryAfterSeconds: Number(verdict) };
    },
    async inFlight(keyId) {
      if (!isReady(connection)) return localCount.get(keyId) ?? 0;
      const time = await connection.time();
      const nowMs = Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000);
      return connection.zcount(slotsKey(keyId), `(${nowMs}`, "+inf");
    },
    isShared: () => isShared,
    catchUp: runCatchUp,
    stop() {
      clearInterval(renewer);
      connection.off("ready", runCatchUp);
    },
  };
}
