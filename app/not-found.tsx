import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PublicShell } from "@/components/marketing/public-shell";
import { buttonClasses } from "@/components/ui/button";
import { getCurrentSession } from "@/lib/auth/current-session";

// Any unknown address, and /admin for a customer: the site's frame, translated, with a way back (not Next's bare 404)
export default async function NotFound() {
  const t = await getTranslations("marketing.notFound");
  const isSignedIn = (await getCurrentSession()) !== null;
  return (
    <PublicShell isSignedIn={isSignedIn}>
      <section className="mx-auto max-w-lg py-16 text-center sm:py-24">
        <p className="text-sm font-semibold text-brand-600 tabular-nums dark:text-brand-400">404</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="mt-4 text-zinc-600 dark:text-zinc-400">{t("body")}</p>
        <Link href={isSignedIn ? "/dashboard" : "/"} className={buttonClasses({ className: "mt-8" })}>
          {isSignedIn ? t("toConsole") : t("toHome")}
        </Link>
      </section>
    </PublicShell>
  );
}
