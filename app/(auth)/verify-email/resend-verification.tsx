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

/** Ask for a fresh link; the answer is the same whatever the address, so only throttling and bad input are errors. */
async function requestLink(email: string): Promise<{ isSent: boolean; error?: string; fieldError?: string }> {
  const result = await postJson("/api/auth/verify-email/resend", { email });
  if (result.ok) return { isSent: true };
  return { isSent: false, error: result.fieldErrors.email ? undefined : (result.message ?? undefined), fieldError: result.fieldErrors.email };
}

/** "Send the link again" for an address the page already knows (after sign-up, after an unconfirmed sign-in). */
export function ResendLinkButton({ email, label, busyLabel, sentMessage }: { email: string; label: string; busyLabel: string; sentMessage: string }) {
  const tCommon = useTranslations("common");
  const [state, setState] = useState<{ isBusy: boolean; isSent: boolean; error: string | null }>({ isBusy: false, isSent: false, error: null });

  const resend = async () => {
    setState({ isBusy: true, isSent: false, error: null });
    const result = await requestLink(email);
    setState({ isBusy: false, isSent: result.isSent, error: result.isSent ? null : (result.error ?? result.fieldError ?? tCommon("networkError")) });
  };

  return (
    <div className="space-y-3">
      {state.isSent && (
        <p className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="verification-resent" role="status">
          {sentMessage}
        </p>
      )}
      {state.error && (
        <p className="text-sm text-red-600 dark:text-red-400" role="alert">
          {state.error}
        </p>
      )}
      <Button type="button" variant="outline" className="w-full" isLoading={state.isBusy} onClick={() => void resend()} data-testid="resend-verification">
        {state.isBusy ? busyLabel : label}
      </Button>
    </div>
  );
}

/** The expired/used link page: enter the address to get a new link. */
export function ResendForm() {
  const t = useTranslations("auth.verifyEmail");
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
    const result = await requestLink(email);
    setIsSubmitting(false);
    if (result.isSent) setSentTo(email.trim());
    else if (result.fieldError) setFieldError(result.fieldError);
    else setFormError(result.error ?? tCommon("networkError"));
  };

  if (sentTo) {
    return (
      <div className="space-y-6">
        <Alert tone="success">
          <span data-testid="verification-resent">{t("sent", { email: sentTo })}</span>
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
          <Input name="email" type="email" autoComplete="email" inputMode="email" value={email} onChange={(event) => setEmail(event.target.value)} />
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
