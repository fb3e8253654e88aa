/**
 * What a customer changes about their own account from Settings: their name, their password (other browsers are
 * signed out), one of their sessions, and deleting the account. Messages come from the `settings.errors` catalog.
 */
import "server-only";
import { z } from "zod";
import { translator } from "../../i18n/translator";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { getWalletBalance, walletId } from "../billing/accounts";
import { prisma, sql } from "../db";
import { AppError } from "../errors";
import { invalidateKey } from "../keys/cache";
import { hashPassword, verifyPassword } from "../auth/password";
import { PASSWORD_MAX, PASSWORD_MIN } from "../auth/schemas";
import { revokeAllSessions, revokeOtherSessions } from "../auth/sessions";
import { formatUsd } from "../money";

export const PROFILE_NAME_MAX = 100;

function fieldError(field: string, message: string): AppError {
  return new AppError("validation_failed", message, { param: field, fieldErrors: { [field]: message } });
}

export async function updateProfile({ userId, name, locale }: { userId: string; name: string; locale?: string | null }): Promise<{ name: string | null }> {
  const t = translator({ locale, namespace: "settings.errors" });
  const trimmed = name.trim();
  if (trimmed.length > PROFILE_NAME_MAX) throw fieldError("name", t("nameTooLong", { max: PROFILE_NAME_MAX }));
  await prisma().user.update({ where: { id: userId }, data: { name: trimmed || null } });
  return { name: trimmed || null };
}

export async function changePassword({
  userId,
  sessionId,
  currentPassword,
  newPassword,
  locale,
  actor,
}: {
  userId: string;
  sessionId: string;
  currentPassword: string;
  newPassword: string;
  locale?: string | null;
  actor: AuditActor;
}): Promise<{ signedOut: number }> {
  const t = translator({ locale, namespace: "settings.errors" });
  const user = await prisma().user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user) throw new AppError("not_found", "No such account");
  if (!user.passwordHash || !(await verifyPassword(currentPassword, user.passwordHash))) throw fieldError("currentPassword", t("wrongPassword"));
  if (newPassword.length < PASSWORD_MIN) throw fieldError("newPassword", t("passwordTooShort", { min: PASSWORD_MIN }));
  if (newPassword.length > PASSWORD_MAX) throw fieldError("newPassword", t("passwordTooLong", { max: PASSWORD_MAX }));
  if (newPassword === currentPassword) throw fieldError("newPassword", t("passwordUnchanged"));
  await prisma().user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(newPassword) } });
  const signedOut = await revokeOtherSessions({ userId, keepSessionId: sessionId });
  await recordAudit({ actor, action: "user.password_changed", targetType: "user", targetId: userId, details: { signedOut } });
  return { signedOut };
}

/** Sign one of the customer's own browsers out; another user's session id is not found. */
export async function revokeOwnSession({ userId, sessionId, actor }: { userId: string; sessionId: string; actor: AuditActor }): Promise<void> {
  const parsed = z.uuid().safeParse(sessionId);
  if (!parsed.success) throw new AppError("not_found", "No such session");
  const { count } = await prisma().authSession.updateMany({ where: { id: sessionId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw new AppError("not_found", "No such session");
  await recordAudit({ actor, action: "user.session_revoked", targetType: "auth_session", targetId: sessionId });
}

/**
 * Close the account: keys stop at once, every session ends, the e-mail is freed, and the ledger's history stays
 * (entries are never deleted). A remaining balance is forfeited, so the customer must say so: paid credit can be
 * refunded from Billing first; trial credit never is.
 */
export async function deleteAccount({
  userId,
  password,
  isBalanceForfeited,
  locale,
  actor,
}: {
  userId: string;
  password: string;
  isBalanceForfeited: boolean;
  locale?: string | null;
  actor: AuditActor;
}): Promise<void> {
  const t = translator({ locale, namespace: "settings.errors" });
  const user = await prisma().user.findUnique({ where: { id: userId }, select: { passwordHash: true, email: true } });
  if (!user) throw new AppError("not_found", "No such account");
  if (user.passwordHash && !(await verifyPassword(password, user.passwordHash))) throw fieldError("password", t("wrongPassword"));
  const balance = await getWalletBalance(await walletId({ userId }));
  if (balance.total > 0n && !isBalanceForfeited) throw fieldError("acknowledge", t("balanceRemaining", { amount: formatUsd(balance.total) }));
  const keys = await sql<{ id: string }>(
    `update api_keys set deleted_at = now(), is_enabled = false, updated_at = now() where user_id = $1 and deleted_at is null returning id`,
    [userId],
  );
  for (const key of keys.rows) invalidateKey(key.id);
  await sql(
    `update users set disabled_at = now(), email = 'deleted+' || id || '@deleted.invalid', name = null, password_hash = null,
            low_balance_threshold = null, updated_at = now() where id = $1`,
    [userId],
  );
  await revokeAllSessions(userId);
  await recordAudit({ actor, action: "user.deleted", targetType: "user", targetId: userId, details: { keys: keys.rows.length, forfeited: balance.total } });
}
