/**
 * Sign-up from the console, without telling anyone whether an email already has an account (issue #10). After
 * validation every sign-up answers "verification sent" and costs one scrypt hash, whatever the address:
 * - a new email gets an unverified account and a verification link;
 * - an email of a verified account changes nothing; its owner is told someone tried (sign in or reset instead);
 * - an email of an unverified account (which never proved its mailbox) gets the new password and name and a fresh
 *   link, spending the older ones.
 * The first account of an instance without ADMIN_EMAIL is verified at once (the ADMIN_EMAIL account is not: typing an
 * address must not make anyone operator), and
 * so is a new account opened from an invitation e-mailed to that very address (the mail already proved the mailbox).
 */
import "server-only";
import { prisma } from "../db";
import { fromZodError, isAppError } from "../errors";
import { sendActionMail } from "../mail/send-action-mail";
import { translator } from "@/i18n/translator";
import { countMailRequest } from "./attempt-limiter";
import { createUser, type CreatedUser } from "./create-user";
import { hashPassword } from "./password";
import { authErrors, authSchemas, type MailingAuthRequest } from "./schemas";
import { mailVerificationLink, type MailRecipient } from "./verify-email";
import { pendingInvitationOf } from "./verify-email-invitation";

export type SignUpOutcome = { status: "verification_sent" } | { status: "created"; user: CreatedUser };

const VERIFICATION_SENT = { status: "verification_sent" } as const;

type ExistingAccount = MailRecipient & { id: string; emailVerifiedAt: Date | null; disabledAt: Date | null };

function signUpAccountKey(email: string): string {
  return `signup:account:${email.trim().toLowerCase()}`;
}

function signUpIpKey(ip: string | null | undefined): string {
  return `signup:ip:${ip ?? "unknown"}`;
}

/**
 * Sign-up and resend both send mail to an address: both count, per address and per IP, found or not, so the 429
 * says nothing about accounts either.
 */
export async function throttleVerificationMail({ email, ip, locale }: { email: string; ip?: string | null; locale?: string | null }): Promise<void> {
  await countMailRequest({ keys: [["signUpAccount", signUpAccountKey(email)], ["signUpIp", signUpIpKey(ip)]], locale });
}

function findAccount(email: string): Promise<ExistingAccount | null> {
  return prisma().user.findUnique({ where: { email }, select: { id: true, email: true, name: true, locale: true, emailVerifiedAt: true, disabledAt: true } });
}

/** To the owner of a verified account: someone (maybe them) tried to sign up again; nothing changed. */
async function mailSignUpAttempt({ account, baseUrl }: { account: ExistingAccount; baseUrl: string }): Promise<void> {
  const m = translator({ locale: account.locale, namespace: "mail" });
  const origin = baseUrl.replace(/\/+$/, "");
  const greeting = account.name ? m("greetingName", { name: account.name }) : m("greeting");
  const paragraphs = [greeting, m("signUpAttempt.intro", { email: account.email }), m("signUpAttempt.nothingChanged")];
  const resetUrl = `${origin}/forgot-password`;
  const footer = [m("signUpAttempt.forgot", { url: resetUrl }), m("signUpAttempt.ignore"), m("signature")];
  const signInUrl = `${origin}/login`;
  await sendActionMail({ to: account.email, subject: m("signUpAttempt.subject"), kind: "sign_up_attempt", paragraphs, action: { label: m("signUpAttempt.action"), url: signInUrl }, footer });
}

/** The earlier sign-up never proved the mailbox: this one's password and name win, with a fresh link. */
async function restartVerification({ account, passwordHash, name, baseUrl }: { account: ExistingAccount; passwordHash: string; name?: string; baseUrl: string }): Promise<void> {
  const updated = await prisma().user.update({
    where: { id: account.id },
    data: { passwordHash, name: name ?? null },
    select: { email: true, name: true, locale: true },
  });
  await mailVerificationLink({ user: updated, userId: account.id, baseUrl });
}

async function answerTakenEmail({ account, passwordHash, name, baseUrl }: { account: ExistingAccount; passwordHash: string; name?: string; baseUrl: string }): Promise<void> {
  if (account.disabledAt) return;
  if (account.emailVerifiedAt) await mailSignUpAttempt({ account, baseUrl });
  else await restartVerification({ account, passwordHash, name, baseUrl });
}

function isEmailTaken(error: unknown): boolean {
  return isAppError(error) && error.code === "conflict";
}

/**
 * Sign up. Bad input is a 422 with field errors and throttling a 429 (neither depends on the address being taken);
 * otherwise the outcome is "verification sent", except for a new account whose mailbox is already proven (bootstrap
 * operator, matching invitation), which is ready at once.
 */
export async function signUp({
  input,
  baseUrl,
  ip,
  locale,
}: MailingAuthRequest): Promise<SignUpOutcome> {
  const parsed = authSchemas(authErrors(locale)).signUp.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { email, password, name } = parsed.data;
  await throttleVerificationMail({ email, ip, locale });
  // Hashed before looking: a taken and a free address cost the same scrypt work.
  const passwordHash = await hashPassword(password);

  const existing = await findAccount(email);
  if (existing) {
    await answerTakenEmail({ account: existing, passwordHash, name, baseUrl });
    return VERIFICATION_SENT;
  }
  const invitation = await pendingInvitationOf(input);
  const isMailboxProven = invitation !== null && invitation.email === email;
  let user: CreatedUser;
  try {
    user = await createUser({ email, passwordHash, name, locale: locale ?? undefined, requireVerification: !isMailboxProven, actor: { kind: "user", ip: ip ?? null } });
  } catch (error) {
    // A simultaneous sign-up took the address between the look and the insert.
    const raced = isEmailTaken(error) ? await findAccount(email) : null;
    if (!raced) throw error;
    await answerTakenEmail({ account: raced, passwordHash, name, baseUrl });
    return VERIFICATION_SENT;
  }
  if (user.isEmailVerified) return { status: "created", user };
  // signed up from an invitation that cannot prove the mailbox: the confirmation link leads back to it, to join
  await mailVerificationLink({ user, userId: user.id, baseUrl, next: invitation?.returnPath });
  return VERIFICATION_SENT;
}
