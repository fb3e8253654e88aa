"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { OTHER_COLOR, SERIES_COLORS, UsageBarChart, type ChartBucket, type ChartSeries } from "@/components/charts/usage-bar-chart";
import { TimeZoneCookie } from "@/components/charts/time-zone-cookie";
import { requestJson } from "@/components/data-table/request-json";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { Spinner } from "@/components/ui/spinner";
import { formatUsd } from "@/lib/money";
import type { Granularity, SeriesGroup, UsageSeries } from "@/lib/usage/get-usage-series";

const OTHER = "__other";
const NO_KEY = "__none";

/** A row of toggle buttons (radio semantics: arrow keys are not needed, each is a pressed/unpressed button). */
function Segmented<T extends string>({ label, value, options, onChange }: { label: string; value: T; options: { value: T; label: string }[]; onChange: (value: T) => void }) {
  return (
    <div role="group" aria-label={label} className="inline-flex rounded-lg border border-zinc-200 bg-zinc-50 p-0.5 dark:border-zinc-800 dark:bg-zinc-950/50">
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={option.value === value}
          onClick={() => onChange(option.value)}
          className={cn(
            "rounded-md px-2.5 py-1 text-xs font-medium transition-colors focus-visible:outline-2 focus-visible:outline-brand-500",
            option.value === value
              ? "bg-white text-zinc-900 shadow-xs dark:bg-zinc-800 dark:text-zinc-100"
              : "text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
          )}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}

/** Spend and tokens over time by key or model, with a daily / weekly / monthly switch (fetched on demand). */
export function UsageCharts({ initial, timeZone }: { initial: UsageSeries; timeZone: string }) {
  const t = useTranslations("dashboard-charts");
  const locale = useLocale();
  const [byPeriod, setByPeriod] = useState<Partial<Record<Granularity, UsageSeries>>>({ [initial.granularity]: initial });
  const [granularity, setGranularity] = useState<Granularity>(initial.granularity);
  const [metric, setMetric] = useState<"spend" | "tokens">("spend");
  const [breakdown, setBreakdown] = useState<"key" | "model">("key");
  const [isLoading, setIsLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const series = byPeriod[granularity] ?? initial;

  const choosePeriod = async (next: Granularity) => {
    setGranularity(next);
    setError(null);
    if (byPeriod[next]) return;
    setIsLoading(true);
    const result = await requestJson<UsageSeries>("GET", `/api/usage/series?period=${next}&tz=${encodeURIComponent(timeZone)}`);
    setIsLoading(false);
    if (!result.ok) {
      setError(result.message ?? t("charts.loadFailed"));
      return;
    }
    setByPeriod((current) => ({ ...current, [next]: result.data }));
  };

  const numberFormat = useMemo(() => new Intl.NumberFormat(locale), [locale]);
  const compactFormat = useMemo(() => new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 }), [locale]);

  const { buckets, chartSeries, top } = useMemo(() => {
    const groups: SeriesGroup[] = breakdown === "key" ? series.keys : series.models;
    const labelOf = (group: SeriesGroup) =>
      group.id === OTHER ? t("charts.other") : group.id === NO_KEY ? t("charts.noKey") : group.isDeleted ? t("charts.deleted", { name: group.label }) : group.label;
    const chartSeries: ChartSeries[] = [...groups].reverse().map((group, index, list) => ({
      id: group.id,
      label: labelOf(group),
      color: group.id === OTHER ? OTHER_COLOR : SERIES_COLORS[(list.length - 1 - index) % SERIES_COLORS.length],
    }));
    const short = new Intl.DateTimeFormat(locale, { timeZone, ...(granularity === "month" ? { year: "2-digit", month: "short" } : { month: "short", day: "numeric" }) });
    const long = new Intl.DateTimeFormat(locale, { timeZone, ...(granularity === "month" ? { year: "numeric", month: "long" } : { dateStyle: "medium" }) });
    const buckets: ChartBucket[] = series.points.map((point) => {
      const values = breakdown === "key" ? point.byKey : point.byModel;
      const date = new Date(point.start);
      return {
        label: short.format(date),
        title: granularity === "week" ? t("charts.weekOf", { date: long.format(date) }) : long.format(date),
        values: Object.fromEntries(groups.map((g) => [g.id, metric === "spend" ? Number(values[g.id]?.cost ?? "0") / 1e6 : (values[g.id]?.tokens ?? 0)])),
        micros: Object.fromEntries(groups.map((g) => [g.id, values[g.id]?.cost ?? "0"])),
      };
    });
    const totals = groups.map((group) => {
      let cost = 0n;
      let tokens = 0;
      for (const point of series.points) {
        const value = (breakdown === "key" ? point.byKey : point.byModel)[group.id];
        cost += BigInt(value?.cost ?? "0");
        tokens += value?.tokens ?? 0;
      }
      return { id: group.id, label: labelOf(group), cost, tokens };
    });
    return { buckets, chartSeries, top: totals };
  }, [series, breakdown, metric, granularity, locale, timeZone, t]);

  const isEmpty = series.total.requests === 0 && series.total.tokens === 0;
  const totalText = metric === "spend" ? formatUsd(BigInt(series.total.cost)) : numberFormat.format(series.total.tokens);
  const grand = metric === "spend" ? BigInt(series.total.cost) : BigInt(series.total.tokens);

  return (
    <Card className="lg:col-span-3" data-testid="usage-charts">
      <TimeZoneCookie renderedFor={timeZone} />
      <CardHeader className="gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <CardTitle>{t("charts.title")}</CardTitle>
          <CardDescription>{t("charts.description")}</CardDescription>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Segmented
            label={t("charts.metric")}
            value={metric}
            onChange={setMetric}
            options={[
              { value: "spend", label: t("charts.spend") },
              { value: "tokens", label: t("charts.tokens") },
            ]}
          />
          <Segmented
            label={t("charts.breakdown")}
            value={breakdown}
            onChange={setBreakdown}
            options={[
              { value: "key", label: t("charts.byKey") },
              { value: "model", label: t("charts.byModel") },
            ]}
          />
          <Segmented
            label={t("charts.period")}
            value={granularity}
            onChange={(value) => void choosePeriod(value)}
            options={[
              { value: "day", label: t("charts.day") },
              { value: "week", label: t("charts.week") },
              { value: "month", label: t("charts.month") },
            ]}
          />
        </div>
      </CardHeader>
      <CardContent>
        {error && (
          <Alert tone="danger" className="mb-3">
            {error}
          </Alert>
        )}
        {isLoading ? (
          <div className="flex h-72 items-center justify-center gap-2 text-sm text-zinc-500">
            <Spinner /> {t("charts.loading")}
          </div>
        ) : isEmpty ? (
          <EmptyState
            icon={<Icon name="chart" />}
            title={t("charts.emptyTitle")}
            description={t("charts.emptyDescription")}
            action={
              <div className="flex flex-wrap justify-center gap-2">
                <Link href="/keys" className={buttonClasses({ size: "sm" })}>
                  {t("charts.createKey")}
                </Link>
                <Link href="/playground" className={buttonClasses({ variant: "outline", size: "sm" })}>
                  {t("charts.playground")}
                </Link>
              </div>
            }
          />
        ) : (
          <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_16rem]">
            <UsageBarChart
              buckets={buckets}
              series={chartSeries}
              metric={metric}
              summary={t("charts.summary", { metric: metric === "spend" ? t("charts.spend") : t("charts.tokens"), period: t(`charts.${granularity}`), total: totalText })}
              totalLabel={t("charts.total")}
              formatNumber={(value) => numberFormat.format(value)}
              formatCompact={(value) => compactFormat.format(value)}
            />
            <div>
              <h3 className="mb-2 text-xs font-medium tracking-wide text-zinc-500 uppercase">{breakdown === "key" ? t("charts.topKeys") : t("charts.topModels")}</h3>
              <ul className="space-y-2.5" data-testid="usage-breakdown">
                {top.map((row, index) => {
                  const value = metric === "spend" ? row.cost : BigInt(row.tokens);
                  const share = grand > 0n ? Number((value * 1000n) / grand) / 10 : 0;
                  const color = row.id === OTHER ? OTHER_COLOR : SERIES_COLORS[index % SERIES_COLORS.length];
                  return (
                    <li key={row.id} className="text-sm">
                      <div className="flex items-center justify-between gap-2">
                        <span className="flex min-w-0 items-center gap-1.5">
                          <span className="size-2.5 shrink-0 rounded-sm" style={{ background: color }} aria-hidden />
                          <span className="truncate text-zinc-700 dark:text-zinc-300">{row.label}</span>
                        </span>
                        <span className="shrink-0 font-medium text-zinc-900 tabular-nums dark:text-zinc-100">
                          {metric === "spend" ? formatUsd(row.cost) : numberFormat.format(row.tokens)}
                        </span>
                      </div>
                      <div className="mt-1 h-1 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800" aria-label={`${t("charts.share")} ${share}%`}>
                        <div className="h-full rounded-full" style={{ width: `${share}%`, background: color }} />
                      </div>
                    </li>
                  );
                })}
              </ul>
            </div>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
