import { prisma } from "../../lib/db";
import { AppError } from "../../lib/errors";

/** The account with this email, or a clear "no account" error (exit 1). */
export async function findUserByEmail(email: string): Promise<{ id: string; email: string; isOperator: boolean }> {
  const user = await prisma().user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, email: true, isOperator: true } });
  if (!user) throw new AppError("not_found", `No account has the email ${email.trim().toLowerCase()}.`);
  return user;
}
