/**
 * next-auth configuration: a Credentials provider (email + password) and, when configured, GitHub and Google.
 * The JWT holds only the id of an auth_sessions row (`sid`); the session callback loads that row on every read
 * and rejects it when revoked, expired, or its user is disabled, so sessions can really be ended server-side.
 */
import "server-only";
import type { AuthOptions, Session } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { randomBytes } from "node:crypto";
import { appSecret } from "../app-secret";
import { prisma } from "../db";
import { env } from "../env";
import { isAppError } from "../errors";
import { logger } from "../log";
import { clientIpFromHeaders } from "../net/client-ip";
import { resolveLocale, LOCALE_COOKIE } from "@/i18n/config";
import { authenticate } from "./authenticate";
import { createUser } from "./create-user";
import { hashPassword } from "./password";
import { createAuthSession, getActiveSession, revokeAuthSession, SESSION_MAX_AGE_S, type SessionUser } from "./sessions";
import { verifyByOAuth } from "./verify-email";
import { EMAIL_UNVERIFIED_SIGNAL } from "./verify-email-signal";

declare module "next-auth" {
  // next-auth's types are interfaces; augmenting them needs the same form.
  interface Session {
    sessionId: string;
    user: SessionUser;
  }
  interface User {
    sessionId?: string;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    sid?: string;
  }
}

/** Thrown by the session callback when the row is gone; next-auth then answers "no session" and clears the cookie. */
class SessionEndedError extends Error {
  constructor() {
    super("session ended");
    this.name = "SessionEndedError";
  }
}

function configureOrigin(): void {
  const { APP_URL } = env();
  // With APP_URL, links and cookies follow it; without it (one machine, any port) next-auth trusts the Host header.
  if (APP_URL && !process.env.NEXTAUTH_URL) process.env.NEXTAUTH_URL = APP_URL;
  if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= "1";
}

function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  const match = cookieHeader?.split(";").map((part) => part.trim().split("=")).find(([key]) => key === name);
  return match?.[1];
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return typeof value === "string" ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

/** The user behind an OAuth profile, created (no password, trial credit) on first sign-in. */
async function userForOAuth({ email, name }: { email: string; name?: string | null }): Promise<string> {
  const normalized = email.trim().toLowerCase();
  const existing = await prisma().user.findUnique({ where: { email: normalized }, select: { id: true, emailVerifiedAt: true } });
  if (existing) {
    if (!existing.emailVerifiedAt) await verifyByOAuth({ userId: existing.id, replacementPasswordHash: await hashPassword(randomBytes(24).toString("base64url")) });
    return existing.id;
  }
  // A random, never-shown password keeps the column non-null in meaning: such a user signs in through OAuth
  // or sets a password through "forgot password".
  const created = await createUser({
    email: normalized,
    passwordHash: await hashPassword(randomBytes(24).toString("base64url")),
    name: name ?? undefined,
    actor: { kind: "user" },
  });
  return created.id;
}

function oauthProviders(): AuthOptions["providers"] {
  const { GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET, GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET } = env();
  const providers: AuthOptions["providers"] = [];
  if (GITHUB_CLIENT_ID && GITHUB_CLIENT_SECRET) providers.push(GitHubProvider({ clientId: GITHUB_CLIENT_ID, clientSecret: GITHUB_CLIENT_SECRET }));
  if (GOOGLE_CLIENT_ID && GOOGLE_CLIENT_SECRET) providers.push(GoogleProvider({ clientId: GOOGLE_CLIENT_ID, clientSecret: GOOGLE_CLIENT_SECRET }));
  return providers;
}

/** OAuth providers that are configured, for the sign-in page's buttons. */
export function enabledOAuthProviders(): { id: "github" | "google"; name: string }[] {
  const { GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET, GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET } = env();
  return [
    ...(GITHUB_CLIENT_ID && GITHUB_CLIENT_SECRET ? [{ id: "github" as const, name: "GitHub" }] : []),
    ...(GOOGLE_CLIENT_ID && GOOGLE_CLIENT_SECRET ? [{ id: "google" as const, name: "Google" }] : []),
  ];
}

export function authOptions(): AuthOptions {
  configureOrigin();
  return {
    secret: appSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const headers = req.headers as Record<string, unknown> | undefined;
          const locale = resolveLocale({
            cookie: cookieValue(headerValue(headers, "cookie"), LOCALE_COOKIE),
            acceptLanguage: headerValue(headers, "accept-language"),
          });
          const ip = headers ? clientIpFromHeaders(headers as Record<string, string>) : null;
          try {
            const user = await authenticate({ input: { email: credentials?.email, password: credentials?.password }, ip, locale });
            const session = await createAuthSession({ userId: user.id, ip, userAgent: headerValue(headers, "user-agent") });
            return { id: user.id, email: user.email, name: user.name, sessionId: session.id };
          } catch (error) {
            // The sign-in form words this one itself (with the address and a resend button).
            if (isAppError(error) && error.code === "email_unverified") throw new Error(EMAIL_UNVERIFIED_SIGNAL);
            // The message (already in the visitor's language) reaches the form through next-auth's `error`.
            if (isAppError(error)) throw new Error(error.message);
            logger().error({ err: error }, "sign-in failed");
            throw new Error("internal");
          }
        },
      }),
      ...oauthProviders(),
    ],
    callbacks: {
      async signIn({ account, profile }) {
        if (!account || account.type === "credentials") return true;
        // Only a verified address may claim (or create) the account with that email.
        const isVerified = account.provider === "google" ? (profile as { email_verified?: boolean } | undefined)?.email_verified === true : true;
        return Boolean(profile?.email) && isVerified;
      },
      async jwt({ token, user, account, profile }) {
        if (user && account?.type === "credentials") {
          token.sid = user.sessionId;
          token.sub = user.id;
        } else if (user && account && profile?.email) {
          const userId = await userForOAuth({ email: profile.email, name: profile.name });
          const session = await createAuthSession({ userId });
          token.sid = session.id;
          token.sub = userId;
        }
        return token;
      },
      async session({ session, token }): Promise<Session> {
        const active = await getActiveSession(token.sid);
        if (!active) throw new SessionEndedError();
        return { expires: session.expires, sessionId: active.sessionId, user: active.user };
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.sid) await revokeAuthSession(token.sid);
      },
    },
    logger: {
      error(code, metadata) {
        const error = metadata instanceof Error ? metadata : (metadata as { error?: Error })?.error;
        if (error?.name === "SessionEndedError") return;
        logger().error({ code, err: error }, "next-auth error");
      },
      warn(code) {
        if (code === "NEXTAUTH_URL") return;
        logger().warn({ code }, "next-auth warning");
      },
      debug() {},
    },
  };
}
