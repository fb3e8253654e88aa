"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn, signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { compact, PASSWORD_MIN, validateEmail, validateNewPassword } from "@/components/auth/validate";
import { FormError } from "@/components/auth/form-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SCRIPT_FORM_METHOD } from "@/components/ui/form-method";
import { Input } from "@/components/ui/input";
import { PasswordInput } from "@/components/ui/password-input";
import { postJson } from "@/lib/http/post-json";

/**
 * Accepting an invitation: signed in, one button; signed out, create the account and join in one step (sign-up,
 * sign-in, accept), or sign in first and come back here.
 */
export function AcceptInvitation({ token, orgName, signedInEmail }: { token: string; orgName: string; signedInEmail: string | null }) {
  const t = useTranslations("orgs.accept");
  const tAuth = useTranslations("auth");
  const tErrors = useTranslations("auth.errors");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [values, setValues] = useState({ name: "", email: "", password: "" });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const returnPath = `/invite/${token}`;

  const accept = async (): Promise<boolean> => {
    const result = await postJson<{ organization: { id: string } }>("/api/invitations/accept", { token });
    if (!result.ok) {
      setError(result.message ?? tCommon("networkError"));
      return false;
    }
    router.replace("/org");
    router.refresh();
    return true;
  };

  const join = async () => {
    setIsBusy(true);
    setError(null);
    if (!(await accept())) setIsBusy(false);
  };

  const signUpAndJoin = async (event: React.FormEvent) => {
    event.preventDefault();
    const errors = compact({ email: validateEmail(tErrors, values.email), password: validateNewPassword(tErrors, values.password) });
    setFieldErrors(errors);
    setError(null);
    if (Object.keys(errors).length > 0) return;
    setIsBusy(true);
    // The invitation token lets an account for the invited address skip the e-mail check (the invite mail proved it).
    const created = await postJson<{ status: "created" | "verification_sent" }>("/api/auth/signup", { ...values, invitation: token });
    if (!created.ok) {
      setIsBusy(false);
      if (Object.keys(created.fieldErrors).length > 0) setFieldErrors(created.fieldErrors);
      else setError(created.message ?? tCommon("networkError"));
      return;
    }
    // A shareable link, or another address than the invited one: the account waits for its e-mail check, so signing
    // in would fail; say what to do instead of landing on the sign-in page without a word.
    if (created.data.status === "verification_sent") {
      setIsBusy(false);
      setSentTo(values.email.trim());
      return;
    }
    const signedIn = await signIn("credentials", { redirect: false, email: values.email, password: values.password });
    if (!signedIn?.ok || signedIn.error) {
      router.replace(`/login?next=${encodeURIComponent(returnPath)}`);
      return;
    }
    if (!(await accept())) setIsBusy(false);
  };

  if (sentTo) {
    return (
      <div className="mt-6" data-testid="invite-confirm-email">
        <Alert tone="info" title={t("confirmFirst.title")}>
          {t("confirmFirst.body", { email: sentTo, org: orgName })}
        </Alert>
      </div>
    );
  }

  if (signedInEmail) {
    return (
      <div className="mt-6 space-y-4">
        <FormError message={error} />
        <p className="text-sm text-zinc-600 dark:text-zinc-300">{t("signedInAs", { email: signedInEmail })}</p>
        <Button className="w-full" isLoading={isBusy} onClick={() => void join()} data-testid="accept-invitation">
          {isBusy ? t("joining") : t("join", { org: orgName })}
        </Button>
        <button type="button" className="w-full text-center text-sm text-zinc-500 hover:underline dark:text-zinc-400" onClick={() => void signOut({ callbackUrl: returnPath })}>
          {t("signOut")}
        </button>
      </div>
    );
  }

  return (
    <div className="mt-6 space-y-5">
      <FormError message={error} />
      <p className="text-sm font-medium text-zinc-900 dark:text-zinc-100">{t("newHere")}</p>
      <form method={SCRIPT_FORM_METHOD} onSubmit={signUpAndJoin} noValidate className="space-y-4">
        <Field id="name" label={tAuth("signUp.name")} error={fieldErrors.name}>
          <Input name="name" autoComplete="name" value={values.name} onChange={(event) => setValues({ ...values, name: event.target.value })} maxLength={100} />
        </Field>
        <Field id="email" label={tAuth("signUp.email")} error={fieldErrors.email}>
          <Input name="email" type="email" autoComplete="email" value={values.email} onChange={(event) => setValues({ ...values, email: event.target.value })} />
        </Field>
        <Field id="password" label={tAuth("signUp.password")} hint={tAuth("signUp.passwordHint", { min: PASSWORD_MIN })} error={fieldErrors.password}>
          <PasswordInput name="password" autoComplete="new-password" value={values.password} onChange={(event) => setValues({ ...values, password: event.target.value })} />
        </Field>
        <Button type="submit" className="w-full" isLoading={isBusy} data-testid="signup-and-join">
          {isBusy ? t("joining") : t("createAndJoin")}
        </Button>
      </form>
      <p className="text-center text-sm text-zinc-500 dark:text-zinc-400">
        {t("haveAccount")}{" "}
        <Link href={`/login?next=${encodeURIComponent(returnPath)}`} className="font-medium text-brand-600 hover:underline dark:text-brand-400">
          {t("signIn")}
        </Link>
      </p>
    </div>
  );
}
