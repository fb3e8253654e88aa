import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { FormHeading } from "@/components/auth/form-heading";
import { Alert } from "@/components/ui/alert";
import { sameSitePath } from "@/lib/auth/same-site-path";
import { usableVerificationEmail } from "@/lib/auth/verify-email";
import { ResendForm } from "../resend-verification";
import { VerifyForm } from "./verify-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.verifyEmail");
  return { title: t("title"), referrer: "no-referrer" };
}

// GET /verify-email/[token] – confirm the address from the e-mailed link with the sign-up's password (no Referer leaks the token)
export default async function VerifyEmailPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await params;
  // where to land once confirmed: a path on this site only (the invitation the account signed up from)
  const next = sameSitePath((await searchParams).next);
  const [t, email] = await Promise.all([getTranslations("auth.verifyEmail"), usableVerificationEmail(token)]);
  if (email) {
    return (
      <>
        <FormHeading title={t("title")} subtitle={t("subtitle", { email })} />
        <VerifyForm token={token} email={email} next={next} />
      </>
    );
  }
  return (
    <>
      <FormHeading title={t("invalidTitle")} />
      <div className="space-y-6">
        <Alert tone="danger">
          <span data-testid="verify-problem">{t("invalid")}</span>
        </Alert>
        <ResendForm />
      </div>
    </>
  );
}
