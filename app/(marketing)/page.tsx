import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CodeBlock } from "@/components/marketing/code-block";
import { PublicShell } from "@/components/marketing/public-shell";
import { buttonClasses } from "@/components/ui/button";
import { Icon, type IconName } from "@/components/ui/icon";
import { exampleModels, landingSamples } from "@/config/guides";
import { getCurrentSession } from "@/lib/auth/current-session";
import { siteOrigin } from "@/lib/http/site-origin";
import { formatUsd } from "@/lib/money";
import { trialCreditMicros } from "@/lib/settings";
import { listModelPrices, sampleAcrossVendors } from "@/lib/usage/list-model-prices";

const FEATURES: { key: string; icon: IconName }[] = [
  { key: "tools", icon: "play" },
  { key: "metered", icon: "wallet" },
  { key: "keys", icon: "key" },
  { key: "routing", icon: "activity" },
];

/** How many served models the landing page lists before linking to the full price list. */
const MODELS_SHOWN = 6;

// GET / – the landing page: what it is, how a tool connects (this site's real base URL), what it offers, what it serves
export default async function LandingPage() {
  const [t, session, origin, prices, trialCredit] = await Promise.all([
    getTranslations("marketing.landing"),
    getCurrentSession(),
    siteOrigin(),
    listModelPrices(),
    trialCreditMicros(),
  ]);
  const isSignedIn = session !== null;
  const samples = landingSamples({ origin, models: exampleModels(prices.models) });
  const chatModels = prices.models.filter((model) => model.kind === "chat");
  const shown = sampleAcrossVendors(chatModels, MODELS_SHOWN);
  return (
    <PublicShell isSignedIn={isSignedIn}>
      <section className="grid items-center gap-10 py-6 sm:py-12 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)] lg:gap-14 lg:py-16">
        <div>
          <h1 className="max-w-3xl text-4xl font-semibold tracking-tight text-balance break-keep sm:text-5xl">{t("title")}</h1>
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
          <p className="mt-6 text-sm text-zinc-500 dark:text-zinc-400">{trialCredit > 0n ? t("termsWithTrial", { amount: formatUsd(trialCredit) }) : t("terms")}</p>
        </div>
        <div className="min-w-0">
          {/* one height for every tab (the longest sample's), so switching tools does not move the page */}
          <CodeBlock samples={samples} title={t("codeTitle")} className="[&_pre]:h-80" />
          <p className="mt-3 text-sm text-zinc-500 dark:text-zinc-400">
            {t("codeNote")}{" "}
            <Link href="/docs" className="font-medium text-brand-600 hover:underline dark:text-brand-400">
              {t("allGuides")}
            </Link>
          </p>
        </div>
      </section>

      <section aria-labelledby="features" className="border-t border-zinc-200 py-12 dark:border-zinc-800">
        <h2 id="features" className="sr-only">
          {t("featuresTitle")}
        </h2>
        <ul className="grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
          {FEATURES.map(({ key, icon }) => (
            <li key={key}>
              <span className="inline-flex size-9 items-center justify-center rounded-lg bg-brand-50 text-brand-600 dark:bg-brand-500/10 dark:text-brand-400">
                <Icon name={icon} className="size-5" />
              </span>
              <h3 className="mt-3 font-semibold text-zinc-900 dark:text-zinc-100">{t(`features.${key}.title`)}</h3>
              <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t(`features.${key}.body`)}</p>
            </li>
          ))}
        </ul>
      </section>

      {shown.length > 0 && (
        <section aria-labelledby="served-models" className="border-t border-zinc-200 py-12 dark:border-zinc-800">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <div>
              <h2 id="served-models" className="text-xl font-semibold text-zinc-900 dark:text-zinc-100">
                {t("modelsTitle")}
              </h2>
              <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("modelsLead", { count: chatModels.length })}</p>
            </div>
            <Link href="/models" className="text-sm font-medium text-brand-600 hover:underline dark:text-brand-400">
              {t("allModels")} →
            </Link>
          </div>
          <ul className="mt-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {shown.map((model) => (
              <li key={model.id} className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900/60">
                <p className="truncate font-mono text-sm font-medium text-zinc-900 dark:text-zinc-100">{model.id}</p>
                <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{model.displayName ?? model.vendor}</p>
                <p className="mt-3 text-sm text-zinc-700 tabular-nums dark:text-zinc-300">
                  {t("modelPrice", { input: formatUsd(BigInt(model.inputPerM)), output: formatUsd(BigInt(model.outputPerM)) })}
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
    </PublicShell>
  );
}
