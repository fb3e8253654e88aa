import { describe, expect, it } from "vitest";
import { prisma } from "../db";
import { createAuthSession, getActiveSession, listActiveSessions, revokeAllSessions, revokeAuthSession, revokeOtherSessions } from "./sessions";

async function user(email: string) {
  return prisma().user.create({ data: { email, passwordHash: "scrypt$x" } });
}

describe("auth sessions", () => {
  it("a live session returns its user; revoked, expired, unknown or malformed ids do not", async () => {
    const alice = await user("alice@example.com");
    const session = await createAuthSession({ userId: alice.id, ip: "203.0.113.5", userAgent: "test" });
    expect(await getActiveSession(session.id)).toMatchObject({ sessionId: session.id, user: { id: alice.id, email: "alice@example.com", isOperator: false } });

    await revokeAuthSession(session.id);
    expect(await getActiveSession(session.id)).toBeNull();

    const expired = await createAuthSession({ userId: alice.id });
    await prisma().authSession.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getActiveSession(expired.id)).toBeNull();

    expect(await getActiveSession("00000000-0000-0000-0000-000000000000")).toBeNull();
    expect(await getActiveSession("'; drop table users; --")).toBeNull();
    expect(await getActiveSession(undefined)).toBeNull();
  });

  it("a disabled user's sessions stop working at once", async () => {
    const bob = await user("bob@example.com");
    const session = await createAuthSession({ userId: bob.id });
    await prisma().user.update({ where: { id: bob.id }, data: { disabledAt: new Date() } });
    expect(await getActiveSession(session.id)).toBeNull();
  });

  it("signs out other sessions and keeps the current one; revokeAll ends them all", async () => {
    const carol = await user("carol@example.com");
    const current = await createAuthSession({ userId: carol.id });
    const laptop = await createAuthSession({ userId: carol.id });
    const phone = await createAuthSession({ userId: carol.id });
    const other = await createAuthSession({ userId: (await user("dave@example.com")).id });

    expect(await revokeOtherSessions({ userId: carol.id, keepSessionId: current.id })).toBe(2);
    expect(await getActiveSession(current.id)).not.toBeNull();
    expect(await getActiveSession(laptop.id)).toBeNull();
    expect(await getActiveSession(phone.id)).toBeNull();
    expect(await getActiveSession(other.id)).not.toBeNull();
    expect(await listActiveSessions({ userId: carol.id, currentSessionId: current.id })).toEqual([expect.objectContaining({ id: current.id, isCurrent: true })]);

    expect(await revokeAllSessions(carol.id)).toBe(1);
    expect(await getActiveSession(current.id)).toBeNull();
  });
});

describe("user locale", () => {
  it("stores a supported locale and refuses anything else", async () => {
    const { setUserLocale } = await import("./set-user-locale");
    const erin = await user("erin@example.com");
    await expect(setUserLocale({ userId: erin.id, input: { locale: "zh-CN" } })).resolves.toEqual({ locale: "zh-CN" });
    expect((await prisma().user.findUniqueOrThrow({ where: { id: erin.id } })).locale).toBe("zh-CN");
    await expect(setUserLocale({ userId: erin.id, input: { locale: "fr" } })).rejects.toMatchObject({ code: "validation_failed", fieldErrors: { locale: expect.stringContaining("en, zh-CN") } });
    expect((await prisma().user.findUniqueOrThrow({ where: { id: erin.id } })).locale).toBe("zh-CN");
  });
});
