/**
 * Seeding a customer who can sign in, the way a person does it: sign up, open the verification link from the
 * outbox. The bootstrap operator (first account) is ready at once and needs no link.
 */
import { prisma } from "../../lib/db";
import { signUp } from "../../lib/auth/sign-up";
import { verifyEmail } from "../../lib/auth/verify-email";

const TEST_BASE_URL = "https://relay.example.com";

/** The token in the newest verification mail to `email`. */
export async function latestVerificationToken(email: string): Promise<string> {
  const message = await prisma().outboxMessage.findFirstOrThrow({ where: { to: email.toLowerCase(), kind: "email_verification" }, orderBy: { createdAt: "desc" } });
  const token = /\/verify-email\/([A-Za-z0-9_-]+)/.exec(message.text)?.[1];
  if (!token) throw new Error("no verification link in the mail");
  return token;
}

export async function signUpVerified({ email, password, name, ip }: { email: string; password: string; name?: string; ip?: string }): Promise<{ id: string; email: string }> {
  const outcome = await signUp({ input: { email, password, name }, baseUrl: TEST_BASE_URL, ip });
  if (outcome.status === "verification_sent") {
    await verifyEmail({ input: { token: await latestVerificationToken(email), password }, ip });
  }
  return prisma().user.findUniqueOrThrow({ where: { email: email.toLowerCase() }, select: { id: true, email: true } });
}
