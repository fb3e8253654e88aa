import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { FormHeading } from "@/components/auth/form-heading";
import { Alert } from "@/components/ui/alert";
import { verifyEmail } from "@/lib/auth/verify-email";
import { ResendForm } from "../resend-verification";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.verifyEmail");
  return { title: t("title"), referrer: "no-referrer" };
}

// GET /verify-email/[token] – confirm the address from the e-mailed link, then sign in (the token never leaves in a Referer)
export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const result = await verifyEmail({ token });
  if (result.isVerified) redirect("/login?verified=1");
  const t = await getTranslations("auth.verifyEmail");
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
