import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { CodeBlock } from "@/components/marketing/code-block";
import { PublicShell } from "@/components/marketing/public-shell";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { exampleModels, findGuide, GUIDES } from "@/config/guides";
import { getCurrentSession } from "@/lib/auth/current-session";
import { siteOrigin } from "@/lib/http/site-origin";
import { listModelPrices } from "@/lib/usage/list-model-prices";
import { BaseUrls, GuideNav } from "../guide-parts";

type Params = { slug: string };

export function generateStaticParams(): Params[] {
  return GUIDES.map((guide) => ({ slug: guide.slug }));
}

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const guide = findGuide((await params).slug);
  if (!guide) return {};
  const t = await getTranslations("guides");
  return { title: t(`guides.${guide.key}`), description: t(`${guide.key}.summary`) };
}

// GET /docs/:slug – one tool's setup: steps with exact settings for this site's base URL and models it serves, then troubleshooting
export default async function GuidePage({ params }: { params: Promise<Params> }) {
  const guide = findGuide((await params).slug);
  if (!guide) notFound();
  const [t, session, origin, prices] = await Promise.all([getTranslations("guides"), getCurrentSession(), siteOrigin(), listModelPrices()]);
  const site = { origin, models: exampleModels(prices.models) };
  return (
    <PublicShell isSignedIn={session !== null}>
      <div className="grid gap-8 lg:grid-cols-[12rem_1fr]">
        <aside className="lg:sticky lg:top-20 lg:self-start">
          <GuideNav current={guide.slug} />
        </aside>
        <article className="min-w-0 max-w-3xl">
          <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">{t(`guides.${guide.key}`)}</h1>
          <p className="mt-2 text-zinc-600 dark:text-zinc-400">{t(`${guide.key}.summary`)}</p>
          <div className="mt-6">
            <BaseUrls origin={origin} />
          </div>
          <Alert tone="info" className="mt-4" action={<Link href="/keys" className={buttonClasses({ size: "sm", variant: "outline" })}>{t("createKey")}</Link>}>
            {t("keyNote")}
          </Alert>

          <h2 className="mt-10 text-xl font-semibold text-zinc-900 dark:text-zinc-100">{t("steps")}</h2>
          <ol className="mt-4 space-y-8">
            {guide.steps.map((step, index) => {
              const samples = step.code?.(site);
              return (
                <li key={step.key} className="relative pl-10" id={step.key}>
                  <span className="absolute top-0 left-0 flex size-7 items-center justify-center rounded-full bg-brand-50 text-sm font-semibold text-brand-700 dark:bg-brand-500/15 dark:text-brand-300" aria-hidden>
                    {index + 1}
                  </span>
                  <h3 className="font-semibold text-zinc-900 dark:text-zinc-100">{t(`${guide.key}.steps.${step.key}.title`)}</h3>
                  <p className="mt-1 text-sm leading-relaxed text-zinc-600 dark:text-zinc-400">{t(`${guide.key}.steps.${step.key}.body`)}</p>
                  {samples && samples.length > 0 && <CodeBlock samples={samples} className="mt-3" title={t(`${guide.key}.steps.${step.key}.title`)} />}
                </li>
              );
            })}
          </ol>

          <h2 id="troubleshooting" className="mt-12 text-xl font-semibold text-zinc-900 dark:text-zinc-100">
            {t("troubleshootingTitle")}
          </h2>
          <div className="mt-4 space-y-3">
            {guide.troubleshooting.map((item) => (
              <details key={item} className="group rounded-lg border border-zinc-200 px-4 py-3 open:bg-zinc-50 dark:border-zinc-800 dark:open:bg-zinc-900/50">
                <summary className="cursor-pointer text-sm font-medium text-zinc-900 marker:text-zinc-400 dark:text-zinc-100">{t(`troubleshooting.${item}.title`)}</summary>
                <p className="mt-2 text-sm leading-relaxed text-zinc-600 dark:text-zinc-400">{t(`troubleshooting.${item}.body`, { origin })}</p>
              </details>
            ))}
          </div>
          <p className="mt-8 text-sm text-zinc-500 dark:text-zinc-400">
            {t("stillStuck")}{" "}
            <Link href="/usage" className="font-medium text-brand-600 hover:underline dark:text-brand-400">
              {t("viewLogs")} →
            </Link>
          </p>
        </article>
      </div>
    </PublicShell>
  );
}
