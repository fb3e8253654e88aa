/**
 * Input of the account flows (sign-up, sign-in, password reset), with messages in the caller's language.
 * The same schemas serve the console's API routes, the CLI and the browser forms' server checks.
 */
import { z } from "zod";
import { translator, type Translate } from "@/i18n/translator";

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
export const NAME_MAX = 100;
export const EMAIL_MAX = 254;

/** Messages from the `auth.errors` catalog in `locale` (English when absent). */
export function authErrors(locale?: string | null): Translate {
  return translator({ locale, namespace: "auth.errors" });
}

export function authSchemas(t: Translate) {
  const email = z
    .string({ error: t("emailRequired") })
    .trim()
    .min(1, { error: t("emailRequired") })
    .max(EMAIL_MAX, { error: t("emailInvalid") })
    .pipe(z.email({ error: t("emailInvalid") }))
    .transform((value) => value.toLowerCase());
  const newPassword = z
    .string({ error: t("passwordRequired") })
    .min(1, { error: t("passwordRequired") })
    .min(PASSWORD_MIN, { error: t("passwordTooShort", { min: PASSWORD_MIN }) })
    .max(PASSWORD_MAX, { error: t("passwordTooLong", { max: PASSWORD_MAX }) });
  // Sign-in accepts any stored password length but refuses absurd bodies before hashing them.
  const password = z
    .string({ error: t("passwordRequired") })
    .min(1, { error: t("passwordRequired") })
    .max(PASSWORD_MAX, { error: t("passwordTooLong", { max: PASSWORD_MAX }) });
  const name = z
    .string()
    .trim()
    .max(NAME_MAX, { error: t("nameTooLong", { max: NAME_MAX }) })
    .optional()
    .transform((value) => (value ? value : undefined));

  return {
    signUp: z.object({ email, password: newPassword, name }),
    signIn: z.object({ email, password }),
    forgotPassword: z.object({ email }),
    resetPassword: z.object({ token: z.string().min(1, { error: t("resetTokenInvalid") }).max(200, { error: t("resetTokenInvalid") }), password: newPassword }),
    verifyEmail: z.object({ token: z.string().min(1, { error: t("verifyTokenInvalid") }).max(200, { error: t("verifyTokenInvalid") }), password }),
    newPassword,
    email,
  };
}

export type SignUpInput = z.output<ReturnType<typeof authSchemas>["signUp"]>;

/** What an account flow gets from its caller: the raw input, the client's IP (for limits) and its language. */
export type AuthRequest = { input: unknown; ip?: string | null; locale?: string | null };

/** An account flow that mails a link to the site at `baseUrl`. */
export type MailingAuthRequest = AuthRequest & { baseUrl: string };
