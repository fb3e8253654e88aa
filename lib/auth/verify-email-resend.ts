/**
 * "Send the link again": answers the same whatever the address (only unverified, enabled accounts get a mail) and
 * shares the sign-up mail throttle, per address and per IP.
 */
import "server-only";
import { prisma } from "../db";
import { fromZodError } from "../errors";
import { authErrors, authSchemas, type MailingAuthRequest } from "./schemas";
import { throttleVerificationMail } from "./sign-up";
import { mailVerificationLink } from "./verify-email";

export async function resendVerification({ input, baseUrl, ip, locale }: MailingAuthRequest): Promise<void> {
  const parsed = authSchemas(authErrors(locale)).forgotPassword.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { email } = parsed.data;
  await throttleVerificationMail({ email, ip, locale });
  const user = await prisma().user.findUnique({ where: { email }, select: { id: true, email: true, name: true, locale: true, emailVerifiedAt: true, disabledAt: true } });
  if (!user || user.emailVerifiedAt || user.disabledAt) return;
  await mailVerificationLink({ user, userId: user.id, baseUrl });
}
