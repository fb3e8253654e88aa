/**
 * Accounts under attack: a guesser learns nothing about which emails have accounts (sign-in and reset answer the
 * same, through the same code path), brute force is throttled per account and per IP across instances (the Redis
 * attempt store on the real Redis at 127.0.0.1:6379), and a locked-out owner has a way back in.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "../../lib/db";
import { AUTH_POLICIES, createAttemptLimiter, memoryAttemptStore } from "../../lib/auth/attempt-limiter";
import { authenticate } from "../../lib/auth/authenticate";
import { requestPasswordReset, resetPassword } from "../../lib/auth/password-reset";
import { redisAttemptStore } from "../../lib/auth/redis-attempt-store";
import { ensureSharedRedis, testPrefix } from "../cluster/support/redis-servers";
import { signUpVerified } from "../support/sign-up-verified";
import { takeScryptCalls } from "./support/counted-scrypt";

vi.mock("../../lib/http/site-origin", () => ({ siteOrigin: async () => "http://localhost:3000" }));

// Every scrypt derivation's cost parameters are counted, to show the cases take the same path.
vi.mock("node:crypto", async (importOriginal) => (await import("./support/counted-scrypt")).countedCrypto(importOriginal));
const forgotRoute = await import("../../app/api/auth/forgot-password/route");

let redisUrl: string;
const PASSWORD = "correct horse battery";
/** This file's keys live under its own prefix, so runs sharing the machine's Redis never collide. */
const PREFIX = testPrefix("sec-accounts");

const connections: Redis[] = [];
function connect(): Redis {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  connections.push(connection);
  return connection;
}

function clock(start = 5_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

beforeAll(async () => {
  redisUrl = await ensureSharedRedis();
  await signUpVerified({ email: "held@example.com", password: PASSWORD });
}, 120_000);

afterAll(async () => {
  const cleaner = connect();
  const keys = await cleaner.keys(`${PREFIX}*`);
  if (keys.length) await cleaner.del(...keys);
  await Promise.all(connections.map((connection) => connection.quit()));
});

describe("the Redis attempt store", () => {
  it("two instances share one counter: failures spread over both lock the key on both", async () => {
    const time = clock();
    const policy = { limit: 4, windowMs: 60_000 };
    const instanceA = createAttemptLimiter({ policy, store: redisAttemptStore({ connection: connect(), prefix: PREFIX, fallback: memoryAttemptStore() }), now: time.now });
    const instanceB = createAttemptLimiter({ policy, store: redisAttemptStore({ connection: connect(), prefix: PREFIX, fallback: memoryAttemptStore() }), now: time.now });
    // Two failures in the same millisecond on two instances both count.
    await Promise.all([instanceA.recordFailure("signin:account:x"), instanceB.recordFailure("signin:account:x")]);
    time.advance(1_000);
    await instanceA.recordFailure("signin:account:x");
    expect(await instanceB.check("signin:account:x")).toEqual({ isLimited: false, retryAfterMs: 0 });
    await instanceB.recordFailure("signin:account:x");
    expect(await instanceA.check("signin:account:x")).toEqual({ isLimited: true, retryAfterMs: 59_000 });
    expect(await instanceB.check("signin:account:y")).toMatchObject({ isLimited: false });
  });

  it("failures age out of the window, the key expires in Redis, and reset clears it for everyone", async () => {
    const time = clock();
    const policy = { limit: 2, windowMs: 60_000 };
    const redis = connect();
    const store = redisAttemptStore({ connection: redis, prefix: PREFIX, fallback: memoryAttemptStore() });
    const limiter = createAttemptLimiter({ policy, store, now: time.now });
    await limiter.recordFailure("k");
    time.advance(30_000);
    await limiter.recordFailure("k");
    expect((await limiter.check("k")).isLimited).toBe(true);
    const ttl = await redis.pttl(`${PREFIX}k`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    time.advance(30_001);
    expect((await limiter.check("k")).isLimited).toBe(false);
    // The aged-out failure is dropped on the next write, so the set never grows past the window.
    await limiter.recordFailure("k");
    expect(await redis.zcard(`${PREFIX}k`)).toBe(2);
    await createAttemptLimiter({ policy, store: redisAttemptStore({ connection: connect(), prefix: PREFIX, fallback: memoryAttemptStore() }), now: time.now }).reset("k");
    expect(await redis.exists(`${PREFIX}k`)).toBe(0);
    expect((await limiter.check("k")).isLimited).toBe(false);
  });

  it("while Redis is away it throttles in this process instead of failing every sign-in", async () => {
    const away = new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, lazyConnect: true });
    away.on("error", () => undefined);
    const limiter = createAttemptLimiter({ policy: { limit: 2, windowMs: 60_000 }, store: redisAttemptStore({ connection: away, prefix: PREFIX, fallback: memoryAttemptStore() }) });
    await limiter.recordFailure("k");
    await limiter.recordFailure("k");
    expect((await limiter.check("k")).isLimited).toBe(true);
    away.disconnect();
  });
});

// scrypt at OWASP cost is ~1 s of CPU per hash; on a loaded 2-core machine a few of them outlast the default timeout.
describe("sign-in and reset reveal nothing about accounts", { timeout: 120_000 }, () => {
  it("a wrong password and an unknown email fail identically (code, status, message, headers)", async () => {
    const outcome = (email: string) =>
      authenticate({ input: { email, password: "a wrong guess!" }, ip: "198.51.100.40" }).then(
        () => "signed in",
        (error: { code: string; status: number; message: string; headers?: unknown }) => ({ code: error.code, status: error.status, message: error.message, headers: error.headers }),
      );
    await outcome("warm-up@example.com"); // the dummy hash is made once per process
    takeScryptCalls();
    const known = await outcome("held@example.com");
    const knownWork = takeScryptCalls();
    const unknown = await outcome("nobody-here@example.com");
    const unknownWork = takeScryptCalls();
    expect(known).toEqual(unknown);
    expect(known).toMatchObject({ status: 401 });
    // Same code path, not a stopwatch: one scrypt derivation each, at the same cost.
    expect(knownWork).toHaveLength(1);
    expect(unknownWork).toEqual(knownWork);
  });

  it("forgot-password answers a known and an unknown email with the same status and body", async () => {
    const ask = async (email: string, ip: string) => {
      const res = await forgotRoute.POST(
        new Request("http://localhost:3000/api/auth/forgot-password", {
          method: "POST",
          headers: { origin: "http://localhost:3000", host: "localhost:3000", "content-type": "application/json", "x-forwarded-for": ip },
          body: JSON.stringify({ email }),
        }),
        { params: Promise.resolve({}) },
      );
      return { status: res.status, body: await res.text(), retryAfter: res.headers.get("retry-after") };
    };
    const known = await ask("held@example.com", "198.51.100.41");
    const unknown = await ask("nobody-here@example.com", "198.51.100.42");
    expect(known).toEqual(unknown);
    expect(known.status).toBe(202);
    // Throttling is per account whether or not the account exists, so the 429 reveals nothing either.
    for (let i = 1; i < AUTH_POLICIES.resetAccount.limit; i++) {
      await ask("held@example.com", `198.51.100.${50 + i}`);
      await ask("nobody-here@example.com", `198.51.100.${70 + i}`);
    }
    const knownLimited = await ask("held@example.com", "198.51.100.90");
    const unknownLimited = await ask("nobody-here@example.com", "198.51.100.91");
    expect(knownLimited.status).toBe(429);
    expect(knownLimited).toEqual(unknownLimited);
  });

  it("a locked-out owner gets back in with a password reset", async () => {
    await signUpVerified({ email: "locked@example.com", password: PASSWORD });
    for (let i = 0; i < AUTH_POLICIES.signInAccount.limit; i++) {
      await expect(authenticate({ input: { email: "locked@example.com", password: `guess number ${i}` }, ip: `192.0.2.${i + 1}` })).rejects.toMatchObject({ code: "unauthenticated" });
    }
    await expect(authenticate({ input: { email: "locked@example.com", password: PASSWORD }, ip: "192.0.2.200" })).rejects.toMatchObject({ code: "rate_limited" });
    await requestPasswordReset({ input: { email: "locked@example.com" }, baseUrl: "https://relay.example.com", ip: "192.0.2.200" });
    const message = await prisma().outboxMessage.findFirstOrThrow({ where: { to: "locked@example.com", kind: "password_reset" } });
    const token = /reset-password\/([A-Za-z0-9_-]+)/.exec(message.text)?.[1];
    expect(token).toBeTruthy();
    await resetPassword({ input: { token, password: "a brand new passphrase" }, ip: "192.0.2.200" });
    await expect(authenticate({ input: { email: "locked@example.com", password: "a brand new passphrase" }, ip: "192.0.2.200" })).resolves.toMatchObject({ email: "locked@example.com" });
    // The token is spent, and only its hash was ever stored.
    await expect(resetPassword({ input: { token, password: "yet another passphrase" } })).rejects.toMatchObject({ code: "bad_request" });
    const stored = await prisma().passwordResetToken.findMany({ select: { tokenHash: true } });
    expect(stored.map((row) => row.tokenHash)).not.toContain(token);
  });
});
