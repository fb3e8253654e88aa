import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { FormHeading } from "@/components/auth/form-heading";
import { ForgotForm } from "./forgot-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.forgot");
  return { title: t("title") };
}

// GET /forgot-password – ask for a password reset link by e-mail
export default async function ForgotPasswordPage() {
  const t = await getTranslations("auth.forgot");
  return (
    <>
      <FormHeading title={t("title")} subtitle={t("subtitle")} />
      <ForgotForm />
    </>
  );
}
