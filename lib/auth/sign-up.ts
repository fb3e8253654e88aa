/**
 * Sign-up from the console: validate, hash, create the account (first one / ADMIN_EMAIL is the operator) with
 * its trial credit. A taken email is refused with a clear field error and no second account.
 */
import "server-only";
import { fromZodError } from "../errors";
import { createUser, type CreatedUser } from "./create-user";
import { hashPassword } from "./password";
import { authErrors, authSchemas } from "./schemas";

export async function signUp({ input, ip, locale }: { input: unknown; ip?: string | null; locale?: string | null }): Promise<CreatedUser> {
  const parsed = authSchemas(authErrors(locale)).signUp.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { email, password, name } = parsed.data;
  const passwordHash = await hashPassword(password);
  return createUser({ email, passwordHash, name, locale: locale ?? undefined, actor: { kind: "user", ip: ip ?? null } });
}
