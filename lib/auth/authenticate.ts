/**
 * Checking an email and password (the Credentials provider's authorize). Failures are throttled per account and
 * per IP address; the error is the same whether the email is unknown or the password wrong, and an unknown email
 * costs the same scrypt time as a known one.
 */
import "server-only";
import { prisma } from "../db";
import { AppError, fromZodError } from "../errors";
import { authLimiter, retryAfterMinutes, type AttemptVerdict } from "./attempt-limiter";
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from "./password";
import { authErrors, authSchemas } from "./schemas";
import type { SessionUser } from "./sessions";

export function signInAccountKey(email: string): string {
  return `signin:account:${email.trim().toLowerCase()}`;
}

export function signInIpKey(ip: string | null | undefined): string {
  return `signin:ip:${ip ?? "unknown"}`;
}

function tooMany(verdict: AttemptVerdict, locale?: string | null): AppError {
  const minutes = retryAfterMinutes(verdict.retryAfterMs);
  return new AppError("rate_limited", authErrors(locale)("tooManyAttempts", { minutes }), {
    headers: { "Retry-After": String(Math.ceil(verdict.retryAfterMs / 1000)) },
  });
}

export async function authenticate({
  input,
  ip,
  locale,
}: {
  input: unknown;
  ip?: string | null;
  locale?: string | null;
}): Promise<SessionUser> {
  const t = authErrors(locale);
  const parsed = authSchemas(t).signIn.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { email, password } = parsed.data;

  const accountKey = signInAccountKey(email);
  const ipKey = signInIpKey(ip);
  const [accountVerdict, ipVerdict] = await Promise.all([authLimiter("signInAccount").check(accountKey), authLimiter("signInIp").check(ipKey)]);
  if (accountVerdict.isLimited) throw tooMany(accountVerdict, locale);
  if (ipVerdict.isLimited) throw tooMany(ipVerdict, locale);

  const user = await prisma().user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, isOperator: true, locale: true, passwordHash: true, disabledAt: true, emailVerifiedAt: true },
  });
  const isValid = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDummy(password);
  if (!user || !isValid) {
    await Promise.all([authLimiter("signInAccount").recordFailure(accountKey), authLimiter("signInIp").recordFailure(ipKey)]);
    throw new AppError("unauthenticated", t("invalidCredentials"));
  }
  // Told only to someone who knows the password, so it reveals nothing to a guesser.
  if (user.disabledAt) throw new AppError("account_disabled", t("accountDisabled"));
  if (!user.emailVerifiedAt) throw new AppError("email_unverified", t("emailUnverified", { email: user.email }));

  await authLimiter("signInAccount").reset(accountKey);
  if (user.passwordHash && needsRehash(user.passwordHash)) {
    await prisma().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  }
  return { id: user.id, email: user.email, name: user.name, isOperator: user.isOperator, locale: user.locale };
}
