/**
 * E-mail verification of sign-ups. A verification token is 32 random bytes shown only in the e-mailed link; the
 * database keeps its SHA-256. A token works once, within 24 hours; a newer link spends the older ones. The link plus
 * the sign-up's password marks the address verified and grants the trial credit (once per user), so nothing
 * unverified can spend.
 */
import "server-only";
import { hashLinkToken, newLinkToken } from "./link-token";
import { prisma } from "../db";
import { logger } from "../log";
import { sendActionMail } from "../mail/send-action-mail";
import { recordAudit } from "../audit/record-audit";
import { grantTrialCredit } from "../billing/grant-trial-credit";
import { translator } from "@/i18n/translator";
import { AppError, fromZodError } from "../errors";
import { authLimiter, retryAfterMinutes } from "./attempt-limiter";
import { signInAccountKey, signInIpKey } from "./authenticate";
import { verifyPassword } from "./password";
import { authErrors, authSchemas, type AuthRequest } from "./schemas";

const VERIFICATION_TOKEN_TTL_MS = 24 * 60 * 60_000;
const TOKEN_MAX_LENGTH = 200;

export type MailRecipient = { email: string; name: string | null; locale: string };

export const hashVerificationToken = hashLinkToken;

/** `next`: a path on this site to land on once confirmed (the invitation the account signed up from). */
function verificationLink({ baseUrl, token, next }: { baseUrl: string; token: string; next?: string }): string {
  const link = `${baseUrl.replace(/\/+$/, "")}/verify-email/${token}`;
  return next ? `${link}?next=${encodeURIComponent(next)}` : link;
}

/** A fresh link for the user; every older open link is spent, so only the newest mail works. */
async function issueVerificationToken({ userId }: { userId: string }): Promise<string> {
  const token = newLinkToken();
  const now = new Date();
  await prisma().$transaction([
    prisma().emailVerificationToken.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } }),
    prisma().emailVerificationToken.create({
      data: { userId, tokenHash: hashVerificationToken(token), expiresAt: new Date(now.getTime() + VERIFICATION_TOKEN_TTL_MS) },
    }),
  ]);
  return token;
}

/** The "confirm your email" message with the link. */
async function sendVerificationMail({ user, url }: { user: MailRecipient; url: string }): Promise<void> {
  const m = translator({ locale: user.locale, namespace: "mail" });
  const greeting = user.name ? m("greetingName", { name: user.name }) : m("greeting");
  const paragraphs = [greeting, m("verify.intro", { email: user.email })];
  const footer = [m("verify.expiry"), m("verify.ignore"), m("signature")];
  await sendActionMail({ to: user.email, subject: m("verify.subject"), kind: "email_verification", paragraphs, action: { label: m("verify.action"), url }, footer });
}

/** Issue a link and mail it (sign-up, re-sign-up of an unverified address, resend). */
export async function mailVerificationLink({ user, userId, baseUrl, next }: { user: MailRecipient; userId: string; baseUrl: string; next?: string }): Promise<void> {
  const token = await issueVerificationToken({ userId });
  await sendVerificationMail({ user, url: verificationLink({ baseUrl, token, next }) });
  logger().info({ userId }, "verification link sent");
}

/** The address a link is for, while it is usable (the page shows the password form only then). */
export async function usableVerificationEmail(token: string): Promise<string | null> {
  if (!token || token.length > TOKEN_MAX_LENGTH) return null;
  const row = await prisma().emailVerificationToken.findUnique({
    where: { tokenHash: hashVerificationToken(token) },
    select: { usedAt: true, expiresAt: true, user: { select: { email: true, disabledAt: true } } },
  });
  return row && !row.usedAt && row.expiresAt.getTime() > Date.now() && !row.user.disabledAt ? row.user.email : null;
}

/**
 * Confirm an address: the link plus the password of the latest sign-up. Asking for the password means a stranger who
 * re-signed-up an unconfirmed address (replacing its password) cannot get the mailbox owner to activate the
 * stranger's password by opening the newest link. Wrong passwords count like failed sign-ins (same limiters) and
 * leave the link usable. Single use: of two racing requests with one token, only one flips used_at. Marks the user
 * verified and grants the trial credit.
 */
export async function verifyEmail({ input, ip, locale }: AuthRequest): Promise<{ email: string }> {
  const t = authErrors(locale);
  const parsed = authSchemas(t).verifyEmail.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { token, password } = parsed.data;
  const invalid = () => new AppError("bad_request", t("verifyTokenInvalid"), { param: "token" });
  const email = await usableVerificationEmail(token);
  if (!email) throw invalid();

  const accountKey = signInAccountKey(email);
  const ipKey = signInIpKey(ip);
  for (const [name, key] of [["signInAccount", accountKey], ["signInIp", ipKey]] as const) {
    const verdict = await authLimiter(name).check(key);
    if (verdict.isLimited) throw new AppError("rate_limited", t("tooManyAttempts", { minutes: retryAfterMinutes(verdict.retryAfterMs) }), { headers: { "Retry-After": String(Math.ceil(verdict.retryAfterMs / 1000)) } });
  }
  const { passwordHash } = await prisma().user.findUniqueOrThrow({ where: { email }, select: { passwordHash: true } });
  if (!passwordHash || !(await verifyPassword(password, passwordHash))) {
    await Promise.all([authLimiter("signInAccount").recordFailure(accountKey), authLimiter("signInIp").recordFailure(ipKey)]);
    throw new AppError("unauthenticated", t("verifyPasswordMismatch"), { param: "password", fieldErrors: { password: t("verifyPasswordMismatch") } });
  }

  const tokenHash = hashVerificationToken(token);
  const userId = await prisma().$transaction(async (tx) => {
    const now = new Date();
    const spent = await tx.emailVerificationToken.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (spent.count !== 1) return null;
    const row = await tx.emailVerificationToken.findUniqueOrThrow({ where: { tokenHash }, select: { userId: true } });
    await tx.user.updateMany({ where: { id: row.userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
    return row.userId;
  });
  if (!userId) throw invalid();
  // Idempotent per user (keyed trial:<userId>), so a second verification path never pays twice.
  const trialCredit = await grantTrialCredit(userId);
  await recordAudit({ actor: { kind: "user", id: userId, ip: ip ?? null }, action: "user.email_verified", targetType: "user", targetId: userId, details: { trialCredit } });
  return { email };
}

/**
 * An OAuth provider vouched for the address: an unverified account with that email is verified now, and the
 * password its sign-up set is replaced (that sign-up never proved the mailbox, so whoever chose it must not keep it).
 */
export async function verifyByOAuth({ userId, replacementPasswordHash }: { userId: string; replacementPasswordHash: string }): Promise<void> {
  const now = new Date();
  const verified = await prisma().user.updateMany({ where: { id: userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now, passwordHash: replacementPasswordHash } });
  if (verified.count === 0) return;
  await prisma().emailVerificationToken.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
  const trialCredit = await grantTrialCredit(userId);
  await recordAudit({ actor: { kind: "user", id: userId }, action: "user.email_verified", targetType: "user", targetId: userId, details: { trialCredit, via: "oauth" } });
}
