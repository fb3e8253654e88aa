"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { postJson } from "@/lib/http/post-json";
import { PASSWORD_MIN, validateNewPassword } from "@/components/auth/validate";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { PasswordInput } from "@/components/ui/password-input";

export function ResetForm({ token }: { token: string }) {
  const t = useTranslations("auth.reset");
  const tErrors = useTranslations("auth.errors");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [password, setPassword] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    const error = validateNewPassword(tErrors, password);
    setFieldError(error);
    setFormError(null);
    if (error) return;
    setIsSubmitting(true);
    const result = await postJson("/api/auth/reset-password", { token, password });
    if (result.ok) {
      router.replace("/login?reset=1");
      return;
    }
    setIsSubmitting(false);
    if (result.fieldErrors.password) setFieldError(result.fieldErrors.password);
    else setFormError(result.message ?? tCommon("networkError"));
  };

  return (
    <div className="space-y-6">
      {formError && (
        <Alert tone="danger">
          <span data-testid="form-error">{formError}</span>
        </Alert>
      )}
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <Field id="password" label={t("password")} hint={t("passwordHint", { min: PASSWORD_MIN })} error={fieldError}>
          <PasswordInput name="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} autoFocus />
        </Field>
        <Button type="submit" className="w-full" isLoading={isSubmitting}>
          {isSubmitting ? t("submitting") : t("submit")}
        </Button>
      </form>
    </div>
  );
}
