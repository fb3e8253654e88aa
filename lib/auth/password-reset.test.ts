import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../db";
import { authenticate } from "./authenticate";
import { hashResetToken, isResetTokenUsable, requestPasswordReset, resetPassword } from "./password-reset";
import { createAuthSession, getActiveSession } from "./sessions";
import { signUpVerified } from "../../tests/support/sign-up-verified";

const BASE = "https://relay.example.com";
const OLD = "the old passphrase";

async function requestLink(email: string, ip = "203.0.113.10"): Promise<string> {
  await requestPasswordReset({ input: { email }, baseUrl: BASE, ip });
  const message = await prisma().outboxMessage.findFirstOrThrow({ where: { to: email, kind: "password_reset" }, orderBy: { createdAt: "desc" } });
  const match = message.text.match(/https:\/\/relay\.example\.com\/reset-password\/([A-Za-z0-9_-]+)/);
  if (!match) throw new Error(`no reset link in: ${message.text}`);
  return match[1];
}

beforeAll(async () => {
  await signUpVerified({ email: "reset@example.com", password: OLD, name: "Rita" });
  await signUpVerified({ email: "expiry@example.com", password: OLD });
}, 120_000);

// scrypt at OWASP cost is ~1 s of CPU per hash; on a loaded 2-core machine a few of them outlast the default timeout.
describe("password reset", { timeout: 120_000 }, () => {
  it("answers an unknown email like a known one and sends nothing", async () => {
    const outbox = await prisma().outboxMessage.count();
    await expect(requestPasswordReset({ input: { email: "ghost@example.com" }, baseUrl: BASE })).resolves.toBeUndefined();
    expect(await prisma().outboxMessage.count()).toBe(outbox);
    expect(await prisma().passwordResetToken.count()).toBe(0);
  });

  it("refuses a malformed email with a field error", async () => {
    await expect(requestPasswordReset({ input: { email: "nope" }, baseUrl: BASE })).rejects.toMatchObject({ code: "validation_failed", fieldErrors: { email: expect.any(String) } });
  });

  it("mails a link whose token is stored only as its SHA-256, and the token works exactly once", async () => {
    const token = await requestLink("reset@example.com");
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const rows = await prisma().passwordResetToken.findMany();
    expect(rows.map((row) => row.tokenHash)).toContain(hashResetToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    const row = rows.find((r) => r.tokenHash === hashResetToken(token))!;
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(59 * 60_000);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(60 * 60_000 + 1000);

    const message = await prisma().outboxMessage.findFirstOrThrow({ where: { to: "reset@example.com", kind: "password_reset" } });
    expect(message).toMatchObject({ status: "kept", subject: "Reset your Switchyard password" });
    expect(message.text).toContain("Hello Rita,");
    expect(message.html).toContain(`${BASE}/reset-password/${token}`);

    const user = await prisma().user.findUniqueOrThrow({ where: { email: "reset@example.com" } });
    const session = await createAuthSession({ userId: user.id });
    expect(await isResetTokenUsable(token)).toBe(true);

    await resetPassword({ input: { token, password: "a brand new passphrase" } });
    expect(await getActiveSession(session.id)).toBeNull();
    expect(await isResetTokenUsable(token)).toBe(false);
    await expect(authenticate({ input: { email: "reset@example.com", password: OLD } })).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(authenticate({ input: { email: "reset@example.com", password: "a brand new passphrase" } })).resolves.toMatchObject({ id: user.id });

    await expect(resetPassword({ input: { token, password: "a third passphrase!" } })).rejects.toMatchObject({
      code: "bad_request",
      message: "This reset link is invalid or has expired. Request a new one.",
    });
    await expect(authenticate({ input: { email: "reset@example.com", password: "a brand new passphrase" } })).resolves.toBeTruthy();
  });

  it("refuses an expired token, a made-up token, and a too-short new password (token not spent)", async () => {
    const token = await requestLink("expiry@example.com");
    await expect(resetPassword({ input: { token, password: "short" } })).rejects.toMatchObject({ code: "validation_failed", fieldErrors: { password: "Use at least 10 characters." } });
    expect(await isResetTokenUsable(token)).toBe(true);

    await prisma().passwordResetToken.update({ where: { tokenHash: hashResetToken(token) }, data: { expiresAt: new Date(Date.now() - 1) } });
    await expect(resetPassword({ input: { token, password: "a fine new passphrase" } })).rejects.toMatchObject({ code: "bad_request" });
    await expect(resetPassword({ input: { token: "made-up-token", password: "a fine new passphrase" } })).rejects.toMatchObject({ code: "bad_request" });
    await expect(authenticate({ input: { email: "expiry@example.com", password: OLD } })).resolves.toBeTruthy();
  });

  it("using one link spends the user's other open links", async () => {
    const first = await requestLink("expiry@example.com", "203.0.113.20");
    const second = await requestLink("expiry@example.com", "203.0.113.20");
    expect(first).not.toBe(second);
    await resetPassword({ input: { token: second, password: "yet another passphrase" } });
    expect(await isResetTokenUsable(first)).toBe(false);
  });

  it("throttles repeated requests for one account", async () => {
    await signUpVerified({ email: "spam@example.com", password: OLD });
    for (let i = 0; i < 5; i++) await requestPasswordReset({ input: { email: "spam@example.com" }, baseUrl: BASE, ip: `198.51.100.${i}` });
    await expect(requestPasswordReset({ input: { email: "spam@example.com" }, baseUrl: BASE, ip: "198.51.100.200" })).rejects.toMatchObject({
      code: "rate_limited",
      message: expect.stringMatching(/^Too many attempts\. Try again in \d+ minutes?\.$/),
    });
    expect(await prisma().outboxMessage.count({ where: { to: "spam@example.com", kind: "password_reset" } })).toBe(5);
  });
});
