import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { Stat } from "@/components/ui/stat";
import { formatUsd } from "@/lib/money";
import { consoleContext } from "@/lib/usage/console-context";
import type { DataScope } from "@/lib/usage/data-scope";
import { getUsageSeries } from "@/lib/usage/get-usage-series";
import { getUsageSummary } from "@/lib/usage/get-usage-summary";
import { UsageCharts } from "./usage-charts";

/** The home page's usage: spend today / this month, requests and tokens today, then the charts (all from rollups). */
export async function UsageOverview({ scope }: { scope: DataScope }) {
  const { timeZone } = await consoleContext();
  const [t, summary, series] = await Promise.all([
    getTranslations("dashboard-charts"),
    getUsageSummary({ scope, timeZone }),
    getUsageSeries({ scope, granularity: "day", timeZone }),
  ]);
  const number = new Intl.NumberFormat(await getLocale());
  return (
    <section className="mt-6 grid gap-6 lg:grid-cols-3" aria-label={t("charts.title")}>
      <Card className="p-5 lg:col-span-3">
        <dl className="grid grid-cols-2 gap-6 md:grid-cols-4">
          <Stat label={t("summary.spendToday")} value={formatUsd(BigInt(summary.spendToday))} data-testid="spend-today" />
          <Stat
            label={t("summary.spendMonth")}
            value={formatUsd(BigInt(summary.spendThisMonth))}
            hint={t("summary.requestsMonth", { count: summary.requestsThisMonth })}
            data-testid="spend-month"
          />
          <Stat
            label={t("summary.requestsToday")}
            value={number.format(summary.requestsToday)}
            hint={t("summary.errorsToday", { count: summary.errorsToday })}
            data-testid="requests-today"
          />
          <Stat
            label={t("summary.tokensToday")}
            value={number.format(summary.tokensToday)}
            hint={
              <Link href="/usage?range=24h" className="font-medium text-brand-600 hover:underline dark:text-brand-400">
                {t("summary.viewLogs")} →
              </Link>
            }
            data-testid="tokens-today"
          />
        </dl>
        <p className="mt-4 text-xs text-zinc-400 dark:text-zinc-500">{t("summary.timeZone", { zone: timeZone })}</p>
      </Card>
      <UsageCharts initial={series} timeZone={timeZone} />
    </section>
  );
}
