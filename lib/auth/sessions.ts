/**
 * Console sessions. The next-auth JWT carries only the id of an auth_sessions row; every request checks that row,
 * so signing out, "sign out other sessions", a password reset or disabling a user ends sessions at once.
 */
import "server-only";
import { prisma } from "../db";

export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;
/** last_seen_at is refreshed at most this often, so reading a session is not a write on every request. */
const TOUCH_INTERVAL_MS = 5 * 60_000;

export type SessionUser = { id: string; email: string; name: string | null; isOperator: boolean; locale: string };
export type ActiveSession = { sessionId: string; user: SessionUser; expiresAt: Date };

export async function createAuthSession({ userId, ip, userAgent }: { userId: string; ip?: string | null; userAgent?: string | null }): Promise<{ id: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + SESSION_MAX_AGE_S * 1000);
  const row = await prisma().authSession.create({
    data: { userId, ip: ip ?? null, userAgent: userAgent?.slice(0, 500) ?? null, expiresAt },
    select: { id: true, expiresAt: true },
  });
  return row;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The live session and its user, or null when the row is missing, revoked, expired, or the user is disabled. */
export async function getActiveSession(sessionId: string | null | undefined): Promise<ActiveSession | null> {
  if (!sessionId || !UUID.test(sessionId)) return null;
  const row = await prisma().authSession.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      expiresAt: true,
      revokedAt: true,
      lastSeenAt: true,
      user: { select: { id: true, email: true, name: true, isOperator: true, locale: true, disabledAt: true } },
    },
  });
  if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now() || row.user.disabledAt) return null;
  if (Date.now() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await prisma().authSession.update({ where: { id: row.id }, data: { lastSeenAt: new Date() } }).catch(() => undefined);
  }
  const { disabledAt: _disabledAt, ...user } = row.user;
  return { sessionId: row.id, user, expiresAt: row.expiresAt };
}

export async function revokeAuthSession(sessionId: string): Promise<void> {
  if (!UUID.test(sessionId)) return;
  await prisma().authSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** "Sign out other sessions": every live session of the user except `keepSessionId`. Returns how many ended. */
export async function revokeOtherSessions({ userId, keepSessionId }: { userId: string; keepSessionId: string }): Promise<number> {
  const { count } = await prisma().authSession.updateMany({
    where: { userId, revokedAt: null, id: { not: keepSessionId } },
    data: { revokedAt: new Date() },
  });
  return count;
}

export async function revokeAllSessions(userId: string): Promise<number> {
  const { count } = await prisma().authSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}

export type SessionSummary = { id: string; ip: string | null; userAgent: string | null; createdAt: Date; lastSeenAt: Date; isCurrent: boolean };

/** The user's live sessions, most recent first (for the settings page). */
export async function listActiveSessions({ userId, currentSessionId }: { userId: string; currentSessionId: string }): Promise<SessionSummary[]> {
  const rows = await prisma().authSession.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, ip: true, userAgent: true, createdAt: true, lastSeenAt: true },
    take: 100,
  });
  return rows.map((row) => ({ ...row, isCurrent: row.id === currentSessionId }));
}
