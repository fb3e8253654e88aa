"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { postJson } from "@/lib/http/post-json";
import { compact, PASSWORD_MIN, validateEmail, validateNewPassword } from "@/components/auth/validate";
import { Alert } from "@/components/ui/alert";
import { FormError } from "@/components/auth/form-error";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SCRIPT_FORM_METHOD } from "@/components/ui/form-method";
import { Input } from "@/components/ui/input";
import { PasswordInput } from "@/components/ui/password-input";
import { ResendLinkButton } from "../verify-email/resend-verification";

type SignUpAnswer = { status: "created"; user: { id: string } } | { status: "verification_sent" };

/** After sign-up: the same panel whether the address was free or taken (the mailbox owner learns which). */
function CheckInbox({ email, onUseAnother }: { email: string; onUseAnother: () => void }) {
  const t = useTranslations("auth.signUp");
  return (
    <div className="space-y-6" data-testid="signup-sent">
      <Alert tone="success" title={t("sentTitle")}>
        {t("sent", { email })}
      </Alert>
      <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("sentHint")}</p>
      <ResendLinkButton email={email} label={t("resend")} busyLabel={t("resending")} sentMessage={t("resent")} />
      <button type="button" onClick={onUseAnother} className="inline-flex text-sm font-medium text-brand-600 hover:underline dark:text-brand-400">
        ← {t("useAnother")}
      </button>
    </div>
  );
}

export function SignupForm() {
  const t = useTranslations("auth");
  const tErrors = useTranslations("auth.errors");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [values, setValues] = useState({ name: "", email: "", password: "" });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const update = (field: keyof typeof values) => (event: React.ChangeEvent<HTMLInputElement>) => {
    setValues((current) => ({ ...current, [field]: event.target.value }));
    if (fieldErrors[field]) setFieldErrors(({ [field]: _cleared, ...rest }) => rest);
  };

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    const errors = compact({ email: validateEmail(tErrors, values.email), password: validateNewPassword(tErrors, values.password) });
    setFieldErrors(errors);
    setFormError(null);
    if (Object.keys(errors).length > 0) return;
    setIsSubmitting(true);
    const result = await postJson<SignUpAnswer>("/api/auth/signup", values);
    if (!result.ok) {
      setIsSubmitting(false);
      if (Object.keys(result.fieldErrors).length > 0) setFieldErrors(result.fieldErrors);
      else setFormError(result.message ?? tCommon("networkError"));
      return;
    }
    if (result.data.status === "verification_sent") {
      setIsSubmitting(false);
      setSentTo(values.email.trim());
      return;
    }
    // The bootstrap operator's account is ready at once.
    const signedIn = await signIn("credentials", { redirect: false, email: values.email, password: values.password });
    if (signedIn?.ok && !signedIn.error) {
      router.replace("/dashboard");
      router.refresh();
      return;
    }
    // The account exists; signing in is all that is left.
    router.replace("/login");
  };

  if (sentTo) {
    return (
      <CheckInbox
        email={sentTo}
        onUseAnother={() => {
          setSentTo(null);
          setValues({ name: "", email: "", password: "" });
        }}
      />
    );
  }

  return (
    <div className="space-y-6">
      <FormError message={formError} />
      <form method={SCRIPT_FORM_METHOD} onSubmit={onSubmit} noValidate className="space-y-4">
        <Field id="name" label={t("signUp.name")} hint={t("signUp.nameHint")} error={fieldErrors.name}>
          <Input name="name" autoComplete="name" value={values.name} onChange={update("name")} maxLength={100} />
        </Field>
        <Field id="email" label={t("signUp.email")} error={fieldErrors.email}>
          <Input name="email" type="email" autoComplete="email" inputMode="email" value={values.email} onChange={update("email")} />
        </Field>
        <Field id="password" label={t("signUp.password")} hint={t("signUp.passwordHint", { min: PASSWORD_MIN })} error={fieldErrors.password}>
          <PasswordInput name="password" autoComplete="new-password" value={values.password} onChange={update("password")} />
        </Field>
        <Button type="submit" className="w-full" isLoading={isSubmitting}>
          {isSubmitting ? t("signUp.submitting") : t("signUp.submit")}
        </Button>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("signUp.terms")}</p>
      </form>
      <p className="text-center text-sm text-zinc-500 dark:text-zinc-400">
        {t("signUp.haveAccount")}{" "}
        <Link href="/login" className="font-medium text-brand-600 hover:underline dark:text-brand-400">
          {t("signUp.signIn")}
        </Link>
      </p>
    </div>
  );
}
