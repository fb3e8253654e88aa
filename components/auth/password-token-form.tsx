"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { postJson } from "@/lib/http/post-json";
import { FormError } from "@/components/auth/form-error";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SCRIPT_FORM_METHOD } from "@/components/ui/form-method";
import { PasswordInput } from "@/components/ui/password-input";

export type PasswordTokenFormTexts = { password: string; hint?: string; submit: string; submitting: string };

/**
 * One password field sent with an emailed link's token (confirm an address, set a new password). `validate` gives the
 * field's error in the browser; `onAccepted` runs once the server took the password (the form stays busy meanwhile).
 */
export function PasswordTokenForm({
  endpoint,
  token,
  texts,
  autoComplete,
  validate,
  onAccepted,
  children,
}: {
  endpoint: string;
  token: string;
  texts: PasswordTokenFormTexts;
  autoComplete: "current-password" | "new-password";
  validate: (password: string) => string | undefined;
  onAccepted: (password: string) => Promise<void> | void;
  children?: React.ReactNode;
}) {
  const tCommon = useTranslations("common");
  const [password, setPassword] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    const error = validate(password);
    setFieldError(error);
    setFormError(null);
    if (error) return;
    setIsSubmitting(true);
    const result = await postJson(endpoint, { token, password });
    if (result.ok) {
      await onAccepted(password);
      return;
    }
    setIsSubmitting(false);
    if (result.fieldErrors.password) setFieldError(result.fieldErrors.password);
    else setFormError(result.message ?? tCommon("networkError"));
  };

  return (
    <div className="space-y-6">
      <FormError message={formError} />
      <form method={SCRIPT_FORM_METHOD} onSubmit={onSubmit} noValidate className="space-y-4">
        {children}
        <Field id="password" label={texts.password} hint={texts.hint} error={fieldError}>
          <PasswordInput name="password" autoComplete={autoComplete} value={password} onChange={(event) => setPassword(event.target.value)} autoFocus />
        </Field>
        <Button type="submit" className="w-full" isLoading={isSubmitting}>
          {isSubmitting ? texts.submitting : texts.submit}
        </Button>
      </form>
    </div>
  );
}
