import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PublicShell } from "@/components/marketing/public-shell";
import { GUIDES } from "@/config/guides";
import { getCurrentSession } from "@/lib/auth/current-session";
import { siteOrigin } from "@/lib/http/site-origin";
import { BaseUrls } from "./guide-parts";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("guides");
  return { title: t("title"), description: t("description") };
}

const ERROR_CODES = ["400", "401", "402", "403", "404", "413", "429", "502", "503", "504"] as const;

// GET /docs – integration guides: the base URLs, one card per tool, and the status codes a client may see
export default async function GuidesIndexPage() {
  const [t, session, origin] = await Promise.all([getTranslations("guides"), getCurrentSession(), siteOrigin()]);
  return (
    <PublicShell isSignedIn={session !== null}>
      <div className="max-w-3xl">
        <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 sm:text-4xl dark:text-white">{t("title")}</h1>
        <p className="mt-3 text-zinc-600 dark:text-zinc-400">{t("description")}</p>
      </div>
      <div className="mt-8">
        <BaseUrls origin={origin} />
      </div>
      <ul className="mt-8 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {GUIDES.map((guide) => (
          <li key={guide.slug}>
            <Link
              href={`/docs/${guide.slug}`}
              className="block h-full rounded-xl border border-zinc-200 bg-white p-5 transition-colors hover:border-brand-400 focus-visible:outline-2 focus-visible:outline-brand-500 dark:border-zinc-800 dark:bg-zinc-900/60 dark:hover:border-brand-500"
            >
              <h2 className="font-semibold text-zinc-900 dark:text-zinc-100">{t(`guides.${guide.key}`)}</h2>
              <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">{t(`${guide.key}.summary`)}</p>
              <span className="mt-3 inline-block text-sm font-medium text-brand-600 dark:text-brand-400">→</span>
            </Link>
          </li>
        ))}
      </ul>
      <section className="mt-10" aria-labelledby="status-codes">
        <h2 id="status-codes" className="text-lg font-semibold text-zinc-900 dark:text-zinc-100">
          {t("errorsTitle")}
        </h2>
        <dl className="mt-3 divide-y divide-zinc-100 rounded-xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {ERROR_CODES.map((code) => (
            <div key={code} className="grid grid-cols-[4rem_1fr] gap-3 px-4 py-2.5 text-sm">
              <dt className="font-mono font-semibold text-zinc-900 dark:text-zinc-100">{code}</dt>
              <dd className="text-zinc-600 dark:text-zinc-400">{t(`errors.${code}`)}</dd>
            </div>
          ))}
        </dl>
      </section>
    </PublicShell>
  );
}
