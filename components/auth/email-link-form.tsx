"use client";

import { useState } from "react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { postJson } from "@/lib/http/post-json";
import { validateEmail } from "@/components/auth/validate";
import { Alert } from "@/components/ui/alert";
import { FormError } from "@/components/auth/form-error";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SCRIPT_FORM_METHOD } from "@/components/ui/form-method";
import { Input } from "@/components/ui/input";

export type EmailLinkFormTexts = {
  email: string;
  submit: string;
  submitting: string;
  backToSignIn: string;
  sentTitle?: string;
  sent: (email: string) => string;
};

/**
 * "Enter your email and we send you a link" (forgot password, a new verification link). The server answers the same
 * whatever the address, so the sent panel only repeats what was typed; only bad input and throttling are errors.
 */
export function EmailLinkForm({ endpoint, texts, sentTestId, isAutoFocused = false }: { endpoint: string; texts: EmailLinkFormTexts; sentTestId: string; isAutoFocused?: boolean }) {
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
    const result = await postJson(endpoint, { email });
    setIsSubmitting(false);
    if (result.ok) {
      setSentTo(email.trim());
      return;
    }
    if (result.fieldErrors.email) setFieldError(result.fieldErrors.email);
    else setFormError(result.message ?? tCommon("networkError"));
  };

  const backLink = (
    <Link href="/login" className="inline-flex text-sm font-medium text-brand-600 hover:underline dark:text-brand-400">
      ← {texts.backToSignIn}
    </Link>
  );

  if (sentTo) {
    return (
      <div className="space-y-6">
        <Alert tone="success" title={texts.sentTitle}>
          <span data-testid={sentTestId}>{texts.sent(sentTo)}</span>
        </Alert>
        {backLink}
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <FormError message={formError} />
      <form method={SCRIPT_FORM_METHOD} onSubmit={onSubmit} noValidate className="space-y-4">
        <Field id="email" label={texts.email} error={fieldError}>
          <Input name="email" type="email" autoComplete="email" inputMode="email" value={email} onChange={(event) => setEmail(event.target.value)} autoFocus={isAutoFocused} />
        </Field>
        <Button type="submit" className="w-full" isLoading={isSubmitting}>
          {isSubmitting ? texts.submitting : texts.submit}
        </Button>
      </form>
      {backLink}
    </div>
  );
}
