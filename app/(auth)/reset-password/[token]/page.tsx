import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { FormHeading } from "@/components/auth/form-heading";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { isResetTokenUsable } from "@/lib/auth/password-reset";
import { ResetForm } from "./reset-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.reset");
  return { title: t("title"), referrer: "no-referrer" };
}

// GET /reset-password/[token] – set a new password from the e-mailed link (the token never leaves in a Referer)
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [t, tErrors, isUsable] = await Promise.all([getTranslations("auth.reset"), getTranslations("auth.errors"), isResetTokenUsable(token)]);
  return (
    <>
      <FormHeading title={t("title")} subtitle={isUsable ? t("subtitle") : undefined} />
      {isUsable ? (
        <ResetForm token={token} />
      ) : (
        <div className="space-y-6">
          <Alert tone="danger">
            <span data-testid="form-error">{tErrors("resetTokenInvalid")}</span>
          </Alert>
          <Link href="/forgot-password" className={buttonClasses({ variant: "outline", className: "w-full" })}>
            {t("requestNew")}
          </Link>
        </div>
      )}
    </>
  );
}
