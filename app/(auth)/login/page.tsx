import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { FormHeading } from "@/components/auth/form-heading";
import { getCurrentSession } from "@/lib/auth/current-session";
import { enabledOAuthProviders } from "@/lib/auth/options";
import { sameSitePath } from "@/lib/auth/same-site-path";
import { LoginForm } from "./login-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.signIn");
  return { title: t("submit") };
}

// GET /login – sign in with email and password (and OAuth when configured)
export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const nextPath = sameSitePath(params.next) ?? "/dashboard";
  if (await getCurrentSession()) redirect(nextPath);
  const t = await getTranslations("auth");
  const notice = params.reset === "1" ? t("signIn.passwordChanged") : params.signedOut === "1" ? t("signIn.signedOut") : null;
  // next-auth sends failed OAuth round trips back here with ?error=…; say so without echoing the raw code.
  const initialError = params.error ? t("errors.invalidCredentials") : null;
  return (
    <>
      <FormHeading title={t("signIn.title")} subtitle={t("signIn.subtitle")} />
      <LoginForm nextPath={nextPath} notice={notice} initialError={initialError} providers={enabledOAuthProviders()} />
    </>
  );
}
