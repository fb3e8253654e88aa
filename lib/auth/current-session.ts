/**
 * The signed-in person for the current request (server components, route handlers, server actions).
 */
import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { authOptions } from "./options";
import type { SessionUser } from "./sessions";

export type CurrentSession = { sessionId: string; user: SessionUser };

/** Null when signed out, or when the session row was revoked or expired, or the user disabled. Once per request. */
export const getCurrentSession = cache(async (): Promise<CurrentSession | null> => {
  const session = await getServerSession(authOptions());
  if (!session?.sessionId || !session.user?.id) return null;
  return { sessionId: session.sessionId, user: session.user };
});
