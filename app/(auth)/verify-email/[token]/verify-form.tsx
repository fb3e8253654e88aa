"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { postJson } from "@/lib/http/post-json";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { PasswordInput } from "@/components/ui/password-input";

/** The link plus the sign-up's password confirm the address; with the password in hand the browser then signs in. */
export function VerifyForm({ token, email }: { token: string; email: string }) {
  const t = useTranslations("auth.verifyEmail");
  const tErrors = useTranslations("auth.errors");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [password, setPassword] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    const error = password ? undefined : tErrors("passwordRequired");
    setFieldError(error);
    setFormError(null);
    if (error) return;
    setIsSubmitting(true);
    const result = await postJson("/api/auth/verify-email", { token, password });
    if (!result.ok) {
      setIsSubmitting(false);
      if (result.fieldErrors.password) setFieldError(result.fieldErrors.password);
      else setFormError(result.message ?? tCommon("networkError"));
      return;
    }
    const signedIn = await signIn("credentials", { redirect: false, email, password });
    router.replace(signedIn?.ok && !signedIn.error ? "/dashboard" : "/login");
    router.refresh();
  };

  return (
    <div className="space-y-6">
      {formError && (
        <Alert tone="danger">
          <span data-testid="form-error">{formError}</span>
        </Alert>
      )}
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <input type="email" name="email" autoComplete="username" value={email} readOnly hidden />
        <Field id="password" label={t("password")} error={fieldError}>
          <PasswordInput name="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} autoFocus />
        </Field>
        <Button type="submit" className="w-full" isLoading={isSubmitting}>
          {isSubmitting ? t("confirming") : t("confirm")}
        </Button>
      </form>
    </div>
  );
}
