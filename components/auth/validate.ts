/**
 * The browser's first check of auth forms, mirroring lib/auth/schemas.ts (the server checks again, and its
 * answer is shown the same way). Returns a message per invalid field.
 */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Translate = (key: string, values?: Record<string, string | number>) => string;

export function validateEmail(t: Translate, email: string): string | undefined {
  if (!email.trim()) return t("emailRequired");
  if (!EMAIL.test(email.trim())) return t("emailInvalid");
  return undefined;
}

export function validateNewPassword(t: Translate, password: string): string | undefined {
  if (!password) return t("passwordRequired");
  if (password.length < PASSWORD_MIN) return t("passwordTooShort", { min: PASSWORD_MIN });
  if (password.length > PASSWORD_MAX) return t("passwordTooLong", { max: PASSWORD_MAX });
  return undefined;
}

/** Only the fields that have an error. */
export function compact(errors: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).filter((entry): entry is [string, string] => Boolean(entry[1])));
}
