"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { compact, validateEmail } from "@/components/auth/validate";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SCRIPT_FORM_METHOD } from "@/components/ui/form-method";
import { Input } from "@/components/ui/input";
import { PasswordInput } from "@/components/ui/password-input";
import { EMAIL_UNVERIFIED_SIGNAL } from "@/lib/auth/verify-email-signal";
import { ResendLinkButton } from "../verify-email/resend-verification";

export type OAuthProvider = { id: string; name: string };

/** Messages next-auth itself produces (not ours) mean "could not sign in" without more detail. */
const NEXT_AUTH_CODES = new Set(["CredentialsSignin", "Callback", "OAuthSignin", "OAuthCallback", "OAuthCreateAccount", "AccessDenied", "Configuration", "Default", "internal"]);

export function LoginForm({ nextPath, notice, initialError, providers }: { nextPath: string; notice: string | null; initialError: string | null; providers: OAuthProvider[] }) {
  const t = useTranslations("auth");
  const tErrors = useTranslations("auth.errors");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(initialError);
  const [isSubmitting, setIsSubmitting] = useState(false);
  // Set only after the right password for an unconfirmed address, so it tells a guesser nothing.
  const [unverifiedEmail, setUnverifiedEmail] = useState<string | null>(null);
  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    const errors = compact({ email: validateEmail(tErrors, email), password: password ? undefined : tErrors("passwordRequired") });
    setFieldErrors(errors);
    setFormError(null);
    setUnverifiedEmail(null);
    if (Object.keys(errors).length > 0) return;
    setIsSubmitting(true);
    try {
      const result = await signIn("credentials", { redirect: false, email, password });
      if (result?.ok && !result.error) {
        router.replace(nextPath);
        router.refresh();
        return;
      }
      const message = result?.error ?? "";
      if (message === EMAIL_UNVERIFIED_SIGNAL) {
        setUnverifiedEmail(email.trim());
        setIsSubmitting(false);
        return;
      }
      setFormError(!message || NEXT_AUTH_CODES.has(message) ? tErrors("invalidCredentials") : message);
    } catch {
      setFormError(tCommon("networkError"));
    }
    setIsSubmitting(false);
  };

  return (
    <div className="space-y-6">
      {notice && <Alert tone="success">{notice}</Alert>}
      {formError && (
        <Alert tone="danger" className="[&>div]:font-medium">
          <span data-testid="form-error">{formError}</span>
        </Alert>
      )}
      {unverifiedEmail && (
        <div className="space-y-3">
          <Alert tone="warning">
            <span data-testid="email-unverified">{tErrors("emailUnverified", { email: unverifiedEmail })}</span>
          </Alert>
          <ResendLinkButton email={unverifiedEmail} label={t("signIn.resendLink")} busyLabel={t("signIn.resending")} sentMessage={t("signIn.resent", { email: unverifiedEmail })} />
        </div>
      )}
      <form method={SCRIPT_FORM_METHOD} onSubmit={onSubmit} noValidate className="space-y-4">
        <Field id="email" label={t("signIn.email")} error={fieldErrors.email}>
          <Input name="email" type="email" autoComplete="email" inputMode="email" value={email} onChange={(event) => setEmail(event.target.value)} autoFocus />
        </Field>
        <Field
          id="password"
          label={t("signIn.password")}
          error={fieldErrors.password}
          action={
            <Link href="/forgot-password" className="text-sm font-medium text-brand-600 hover:underline dark:text-brand-400">
              {t("signIn.forgot")}
            </Link>
          }
        >
          <PasswordInput name="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} />
        </Field>
        <Button type="submit" className="w-full" isLoading={isSubmitting}>
          {isSubmitting ? t("signIn.submitting") : t("signIn.submit")}
        </Button>
      </form>
      {providers.length > 0 && (
        <div className="space-y-3">
          <div className="flex items-center gap-3 text-xs text-zinc-500 uppercase">
            <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
            {t("signIn.orContinueWith")}
            <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
          </div>
          {providers.map((provider) => (
            <Button key={provider.id} variant="outline" className="w-full" onClick={() => void signIn(provider.id, { callbackUrl: nextPath })}>
              {t("signIn.withProvider", { provider: provider.name })}
            </Button>
          ))}
        </div>
      )}
      <p className="text-center text-sm text-zinc-500 dark:text-zinc-400">
        {t("signIn.noAccount")}{" "}
        <Link href="/signup" className="font-medium text-brand-600 hover:underline dark:text-brand-400">
          {t("signIn.createAccount")}
        </Link>
      </p>
    </div>
  );
}
