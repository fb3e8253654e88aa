/**
 * Forgot / reset password. A reset token is 32 random bytes shown only in the e-mailed link; the database keeps its
 * SHA-256. A token works once, within an hour; using it sets the password, spends every other open token of the
 * user and ends all their sessions. Requesting a reset answers the same whether or not the email has an account.
 */
import "server-only";
import { hashLinkToken, newLinkToken } from "./link-token";
import { prisma } from "../db";
import { AppError, fromZodError } from "../errors";
import { logger } from "../log";
import { sendActionMail } from "../mail/send-action-mail";
import { recordAudit } from "../audit/record-audit";
import { translator } from "@/i18n/translator";
import { authLimiter, countMailRequest } from "./attempt-limiter";
import { hashPassword } from "./password";
import { authErrors, authSchemas, type AuthRequest, type MailingAuthRequest } from "./schemas";
import { signInAccountKey } from "./authenticate";

export const RESET_TOKEN_TTL_MS = 60 * 60_000;

export const hashResetToken = hashLinkToken;

export function resetLink({ baseUrl, token }: { baseUrl: string; token: string }): string {
  return `${baseUrl.replace(/\/+$/, "")}/reset-password/${token}`;
}

/**
 * Ask for a reset link. Resolves the same way for unknown emails (nothing is sent), so the answer reveals nothing;
 * only bad input and throttling are errors. `baseUrl` is the site origin the link points to.
 */
export async function requestPasswordReset({
  input,
  baseUrl,
  ip,
  locale,
}: MailingAuthRequest): Promise<void> {
  const t = authErrors(locale);
  const parsed = authSchemas(t).forgotPassword.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { email } = parsed.data;

  // Every request counts, found or not: the limit is on sending mail, and counting both keeps timing uniform.
  await countMailRequest({ keys: [["resetAccount", `reset:account:${email}`], ["resetIp", `reset:ip:${ip ?? "unknown"}`]], locale });

  const user = await prisma().user.findUnique({ where: { email }, select: { id: true, email: true, name: true, locale: true, disabledAt: true } });
  if (!user || user.disabledAt) return;

  const token = newLinkToken();
  await prisma().passwordResetToken.create({
    data: { userId: user.id, tokenHash: hashResetToken(token), expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MS) },
  });
  const url = resetLink({ baseUrl, token });
  const m = translator({ locale: user.locale, namespace: "mail" });
  const greeting = user.name ? m("greetingName", { name: user.name }) : m("greeting");
  const paragraphs = [greeting, m("reset.intro", { email: user.email })];
  const footer = [m("reset.expiry"), m("reset.ignore"), m("signature")];
  await sendActionMail({ to: user.email, subject: m("reset.subject"), kind: "password_reset", paragraphs, action: { label: m("reset.action"), url }, footer });
  logger().info({ userId: user.id }, "password reset requested");
}

/** Whether a token is currently usable (the reset page shows the form only then). */
export async function isResetTokenUsable(token: string): Promise<boolean> {
  if (!token || token.length > 200) return false;
  const row = await prisma().passwordResetToken.findUnique({ where: { tokenHash: hashResetToken(token) }, select: { usedAt: true, expiresAt: true } });
  return Boolean(row && !row.usedAt && row.expiresAt.getTime() > Date.now());
}

/** Set a new password with a reset token. Single use: of two racing requests with one token, one wins. */
export async function resetPassword({ input, ip, locale }: AuthRequest): Promise<{ userId: string }> {
  const t = authErrors(locale);
  const parsed = authSchemas(t).resetPassword.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { token, password } = parsed.data;
  const invalid = () => new AppError("bad_request", t("resetTokenInvalid"), { param: "token", fieldErrors: { token: t("resetTokenInvalid") } });

  const passwordHash = await hashPassword(password);
  const tokenHash = hashResetToken(token);
  const userId = await prisma().$transaction(async (tx) => {
    const now = new Date();
    // The conditional update is the single-use guarantee: only one transaction can flip used_at from null.
    const spent = await tx.passwordResetToken.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (spent.count !== 1) return null;
    const row = await tx.passwordResetToken.findUniqueOrThrow({ where: { tokenHash }, select: { userId: true, user: { select: { disabledAt: true } } } });
    if (row.user.disabledAt) return null;
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash } });
    await tx.passwordResetToken.updateMany({ where: { userId: row.userId, usedAt: null }, data: { usedAt: now } });
    await tx.authSession.updateMany({ where: { userId: row.userId, revokedAt: null }, data: { revokedAt: now } });
    return row.userId;
  });
  if (!userId) throw invalid();
  const { email } = await prisma().user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  // The owner proved control of the mailbox: lift the sign-in lock on the account.
  await authLimiter("signInAccount").reset(signInAccountKey(email));
  await recordAudit({ actor: { kind: "user", id: userId, ip: ip ?? null }, action: "user.password_reset", targetType: "user", targetId: userId });
  return { userId };
}
