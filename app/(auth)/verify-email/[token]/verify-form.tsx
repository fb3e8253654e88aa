"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { PasswordTokenForm } from "@/components/auth/password-token-form";

/** The link plus the sign-up's password confirm the address; with the password in hand the browser then signs in. */
export function VerifyForm({ token, email, next }: { token: string; email: string; next: string | null }) {
  const t = useTranslations("auth.verifyEmail");
  const tErrors = useTranslations("auth.errors");
  const router = useRouter();

  const signInAfterConfirming = async (password: string) => {
    const signedIn = await signIn("credentials", { redirect: false, email, password });
    const isSignedIn = signedIn?.ok && !signedIn.error;
    router.replace(isSignedIn ? (next ?? "/dashboard") : next ? `/login?next=${encodeURIComponent(next)}` : "/login");
    router.refresh();
  };

  return (
    <PasswordTokenForm
      endpoint="/api/auth/verify-email"
      token={token}
      texts={{ password: t("password"), submit: t("confirm"), submitting: t("confirming") }}
      autoComplete="current-password"
      validate={(password) => (password ? undefined : tErrors("passwordRequired"))}
      onAccepted={signInAfterConfirming}
    >
      <input type="email" name="email" autoComplete="username" value={email} readOnly hidden />
    </PasswordTokenForm>
  );
}
