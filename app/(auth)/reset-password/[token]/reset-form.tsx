"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { PASSWORD_MIN, validateNewPassword } from "@/components/auth/validate";
import { PasswordTokenForm } from "@/components/auth/password-token-form";

export function ResetForm({ token }: { token: string }) {
  const t = useTranslations("auth.reset");
  const tErrors = useTranslations("auth.errors");
  const router = useRouter();

  return (
    <PasswordTokenForm
      endpoint="/api/auth/reset-password"
      token={token}
      texts={{ password: t("password"), hint: t("passwordHint", { min: PASSWORD_MIN }), submit: t("submit"), submitting: t("submitting") }}
      autoComplete="new-password"
      validate={(password) => validateNewPassword(tErrors, password)}
      onAccepted={() => router.replace("/login?reset=1")}
    />
  );
}
