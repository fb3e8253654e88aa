"use client";

import { useState } from "react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { postJson } from "@/lib/http/post-json";
import { validateEmail } from "@/components/auth/validate";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

export function ForgotForm() {
  const t = useTranslations("auth.forgot");
  const tErrors = useTranslations("auth.errors");
  const tCommon = useTranslations("common");
  const [email, setEmail] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    const error = validateEmail(tErrors, email);
    setFieldError(error);
    setFormError(null);
    if (error) return;
    setIsSubmitting(true);
    const result = await postJson("/api/auth/forgot-password", { email });
    setIsSubmitting(false);
    if (result.ok) {
      setSentTo(email.trim());
      return;
    }
    if (result.fieldErrors.email) setFieldError(result.fieldErrors.email);
    else setFormError(result.message ?? tCommon("networkError"));
  };

  if (sentTo) {
    return (
      <div className="space-y-6">
        <Alert tone="success" title={t("sentTitle")}>
          <span data-testid="reset-sent">{t("sent", { email: sentTo })}</span>
        </Alert>
        <Link href="/login" className="inline-flex text-sm font-medium text-brand-600 hover:underline dark:text-brand-400">
          ← {t("backToSignIn")}
        </Link>
      </div>
    );
  }

  return (
    <div className="space-y-6">
      {formError && (
        <Alert tone="danger">
          <span data-testid="form-error">{formError}</span>
        </Alert>
      )}
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <Field id="email" label={t("email")} error={fieldError}>
          <Input name="email" type="email" autoComplete="email" inputMode="email" value={email} onChange={(event) => setEmail(event.target.value)} autoFocus />
        </Field>
        <Button type="submit" className="w-full" isLoading={isSubmitting}>
          {isSubmitting ? t("submitting") : t("submit")}
        </Button>
      </form>
      <Link href="/login" className="inline-flex text-sm font-medium text-brand-600 hover:underline dark:text-brand-400">
        ← {t("backToSignIn")}
      </Link>
    </div>
  );
}
