/**
 * Creating an account (sign-up and the CLI): the user row, operator status, and the trial credit in one flow.
 * The first account, or ADMIN_EMAIL when it is set, becomes the operator. A sign-up that must prove its mailbox
 * starts unverified and without credit (lib/auth/verify-email grants it); the operator bootstrap never waits.
 */
import "server-only";
import { prisma } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { grantTrialCredit } from "../billing/grant-trial-credit";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { authErrors } from "./schemas";

export type CreatedUser = { id: string; email: string; name: string | null; locale: string; isOperator: boolean; isEmailVerified: boolean; trialCredit: bigint };

const UNIQUE_VIOLATION = "P2002";
/** One lock id for "who is first": two simultaneous first sign-ups cannot both become operator. */
const FIRST_ACCOUNT_LOCK = 724_001;

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === UNIQUE_VIOLATION || code === "23505";
}

/**
 * Insert the user and grant the trial credit. `isOperator: true` forces operator status (the CLI's --admin);
 * otherwise the first account, or the ADMIN_EMAIL account, is the operator. A taken email is a 409 with a field error
 * (sign-up looks before it creates, so only the CLI and races see it). With `requireVerification`, every account but
 * the first of an instance without ADMIN_EMAIL starts unverified, without its trial credit.
 */
export async function createUser({
  email,
  passwordHash,
  name,
  locale,
  isOperator: forceOperator = false,
  requireVerification = false,
  actor,
}: {
  email: string;
  passwordHash: string;
  name?: string;
  locale?: string;
  isOperator?: boolean;
  requireVerification?: boolean;
  actor: AuditActor;
}): Promise<CreatedUser> {
  const normalized = email.trim().toLowerCase();
  const adminEmail = env().ADMIN_EMAIL?.toLowerCase();
  let user: { id: string; email: string; name: string | null; locale: string; isOperator: boolean; emailVerifiedAt: Date | null };
  try {
    user = await prisma().$transaction(async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(${FIRST_ACCOUNT_LOCK})`;
      const isFirst = adminEmail ? false : (await tx.user.count()) === 0;
      const isBootstrapOperator = isFirst || normalized === adminEmail;
      const isOperator = forceOperator || isBootstrapOperator;
      // The very first account of an instance without ADMIN_EMAIL is verified at once: there is nobody to enumerate and
      // no operator yet to read the outbox. The ADMIN_EMAIL account is not: an operator account for whoever types the
      // address would hand the instance to a stranger, so it proves its mailbox like any other (or is made by the CLI).
      const emailVerifiedAt = requireVerification && !isFirst ? null : new Date();
      return tx.user.create({
        data: { email: normalized, passwordHash, name: name ?? null, isOperator, locale: locale ?? "en", emailVerifiedAt },
        select: { id: true, email: true, name: true, locale: true, isOperator: true, emailVerifiedAt: true },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const message = authErrors(locale)("emailTaken");
      throw new AppError("conflict", message, { param: "email", fieldErrors: { email: message } });
    }
    throw error;
  }
  const isEmailVerified = user.emailVerifiedAt !== null;
  let trialCredit = 0n;
  try {
    if (isEmailVerified) trialCredit = await grantTrialCredit(user.id);
  } catch (error) {
    // An account without its promised credit would be a silent bug: undo the account and report the failure.
    await prisma().user.delete({ where: { id: user.id } }).catch(() => undefined);
    throw error;
  }
  await recordAudit({
    actor: actor.kind === "user" ? { ...actor, id: actor.id ?? user.id } : actor,
    action: "user.create",
    targetType: "user",
    targetId: user.id,
    details: { email: user.email, isOperator: user.isOperator, isEmailVerified, trialCredit },
  });
  const { emailVerifiedAt: _verifiedAt, ...created } = user;
  return { ...created, isEmailVerified, trialCredit };
}
