import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { FormHeading } from "@/components/auth/form-heading";
import { getCurrentSession } from "@/lib/auth/current-session";
import { formatUsd } from "@/lib/money";
import { trialCreditMicros } from "@/lib/settings";
import { SignupForm } from "./signup-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.signUp");
  return { title: t("title") };
}

// GET /signup – create an account with email and password
export default async function SignupPage() {
  if (await getCurrentSession()) redirect("/dashboard");
  const [t, trial] = await Promise.all([getTranslations("auth.signUp"), trialCreditMicros()]);
  return (
    <>
      <FormHeading title={t("title")} subtitle={trial > 0n ? t("subtitle", { amount: formatUsd(trial) }) : t("subtitleNoTrial")} />
      <SignupForm />
    </>
  );
}
