import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PublicShell } from "@/components/marketing/public-shell";
import { buttonClasses } from "@/components/ui/button";
import { getCurrentSession } from "@/lib/auth/current-session";

// GET / – the landing page
export default async function LandingPage() {
  const t = await getTranslations("marketing.landing");
  const isSignedIn = (await getCurrentSession()) !== null;
  return (
    <PublicShell isSignedIn={isSignedIn}>
      <section className="flex flex-col justify-center py-12 sm:min-h-[60vh] sm:py-24">
        <h1 className="max-w-3xl text-4xl font-semibold tracking-tight sm:text-5xl">{t("title")}</h1>
        <p className="mt-6 max-w-2xl text-lg text-zinc-600 dark:text-zinc-400">{t("lead")}</p>
        <div className="mt-10 flex flex-wrap gap-3">
          {isSignedIn ? (
            <Link href="/dashboard" className={buttonClasses({ size: "lg" })}>
              {t("openConsole")}
            </Link>
          ) : (
            <Link href="/signup" className={buttonClasses({ size: "lg" })}>
              {t("createAccount")}
            </Link>
          )}
          <Link href="/models" className={buttonClasses({ size: "lg", variant: "outline" })}>
            {t("seeModels")}
          </Link>
        </div>
      </section>
    </PublicShell>
  );
}
