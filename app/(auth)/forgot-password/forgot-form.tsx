"use client";

import { useTranslations } from "next-intl";
import { EmailLinkForm } from "@/components/auth/email-link-form";

export function ForgotForm() {
  const t = useTranslations("auth.forgot");
  return (
    <EmailLinkForm
      endpoint="/api/auth/forgot-password"
      sentTestId="reset-sent"
      isAutoFocused
      texts={{ email: t("email"), submit: t("submit"), submitting: t("submitting"), backToSignIn: t("backToSignIn"), sentTitle: t("sentTitle"), sent: (email) => t("sent", { email }) }}
    />
  );
}
