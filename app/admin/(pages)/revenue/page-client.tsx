"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import { TimeZoneCookie } from "@/components/charts/time-zone-cookie";
import { DataTable, type DataTableColumnMeta } from "@/components/data-table/data-table";
import { useFormatters } from "@/components/data-table/use-formatters";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { REVENUE_RANGES } from "@/lib/admin/constants";
import type { RevenueGroup, RevenueReport } from "@/lib/admin/revenue";
import { formatUsd } from "@/lib/money";
import { RevenueChart } from "../../_components/revenue-chart";
import { useSortLabels } from "../../_components/use-sort-labels";

type Dimension = "model" | "channel" | "customer";

function marginPercent(revenue: string, margin: string): number | null {
  const r = BigInt(revenue);
  if (r === 0n) return null;
  return Number((BigInt(margin) * 10_000n) / r) / 100;
}

export function RevenuePageClient({ report, timeZone, now }: { report: RevenueReport; timeZone: string; now: string }) {
  const t = useTranslations("admin-revenue");
  const format = useFormatters({ timeZone, now });
  const sortLabels = useSortLabels();
  const [dimension, setDimension] = useState<Dimension>("model");
  const [sorting, setSorting] = useState<SortingState>([{ id: "revenue", desc: true }]);
  const rows = dimension === "model" ? report.byModel : dimension === "channel" ? report.byChannel : report.byCustomer;
  const percent = marginPercent(report.total.revenue, report.total.margin);

  const columns = useMemo<ColumnDef<RevenueGroup>[]>(
    () => [
      {
        id: "label",
        accessorKey: "label",
        header: t(`dimensions.${dimension}`),
        meta: { label: t(`dimensions.${dimension}`) } satisfies DataTableColumnMeta,
        cell: ({ row }) =>
          dimension === "customer" ? (
            <Link href={`/admin/customers/${row.original.id}`} className="hover:underline">
              {row.original.label}
            </Link>
          ) : (
            <span className={dimension === "model" ? "font-mono text-xs" : undefined}>{row.original.isDeleted ? t("deletedChannel", { id: row.original.label }) : row.original.label || t("noChannel")}</span>
          ),
      },
      { id: "requests", accessorKey: "requests", header: t("columns.requests"), meta: { label: t("columns.requests"), align: "right", className: "hidden sm:table-cell" } satisfies DataTableColumnMeta, cell: ({ row }) => format.number(row.original.requests) },
      { id: "revenue", accessorFn: (r) => Number(r.revenue), header: t("columns.revenue"), meta: { label: t("columns.revenue"), align: "right" } satisfies DataTableColumnMeta, cell: ({ row }) => format.usd(row.original.revenue) },
      { id: "upstream", accessorFn: (r) => Number(r.upstreamCost), header: t("columns.upstream"), meta: { label: t("columns.upstream"), align: "right" } satisfies DataTableColumnMeta, cell: ({ row }) => format.usd(row.original.upstreamCost) },
      {
        id: "margin",
        accessorFn: (r) => Number(r.margin),
        header: t("columns.margin"),
        meta: { label: t("columns.margin"), align: "right" } satisfies DataTableColumnMeta,
        cell: ({ row }) => {
          const p = marginPercent(row.original.revenue, row.original.margin);
          return (
            <span className={BigInt(row.original.margin) < 0n ? "text-red-700 dark:text-red-400" : undefined}>
              {format.usd(row.original.margin)}
              {p !== null && <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400">({p}%)</span>}
            </span>
          );
        },
      },
    ],
    [t, format, dimension],
  );
  const table = useReactTable({ data: rows, columns, state: { sorting }, onSortingChange: setSorting, getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel(), getRowId: (r) => r.id });

  const points = report.byDay.map((d) => {
    const at = `${d.day}T12:00:00Z`;
    return {
      label: format.date(at).replace(/,? \d{4}$/, ""),
      title: format.date(at),
      revenue: Number(d.revenue) / 1e6,
      upstream: Number(d.upstreamCost) / 1e6,
      margin: Number(d.margin) / 1e6,
      exact: { revenue: format.usd(d.revenue), upstream: format.usd(d.upstreamCost), margin: format.usd(d.margin) },
    };
  });

  return (
    <>
      <TimeZoneCookie renderedFor={timeZone} />
      <PageHeader
        title={t("title")}
        description={t("subtitle")}
        actions={
          <nav aria-label={t("range")} className="inline-flex rounded-lg border border-zinc-200 p-0.5 dark:border-zinc-700">
            {REVENUE_RANGES.map((days) => (
              <Link
                key={days}
                href={`/admin/revenue?days=${days}`}
                aria-current={report.days === days ? "page" : undefined}
                className={cn(
                  "rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-500",
                  report.days === days ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
                )}
              >
                {t("days", { days })}
              </Link>
            ))}
          </nav>
        }
      />
      <Card className="mb-6">
        <dl className="grid grid-cols-2 lg:grid-cols-4 lg:divide-x lg:divide-zinc-100 dark:lg:divide-zinc-800">
          <Stat className="p-5" label={t("stats.revenue")} value={format.usd(report.total.revenue)} hint={t("stats.revenueHint")} data-testid="revenue-total" />
          <Stat className="p-5" label={t("stats.upstream")} value={format.usd(report.total.upstreamCost)} hint={t("stats.upstreamHint")} />
          <Stat className="p-5" label={t("stats.margin")} value={format.usd(report.total.margin)} hint={percent === null ? t("stats.noRevenue") : t("stats.marginHint", { percent })} />
          <Stat className="p-5" label={t("stats.requests")} value={format.number(report.total.requests)} hint={t("stats.requestsHint", { days: report.days })} />
        </dl>
      </Card>
      {report.total.requests === 0 ? (
        <EmptyState icon={<Icon name="trending" />} title={t("emptyTitle")} description={t("emptyBody")} />
      ) : (
        <>
          <Card className="mb-6">
            <CardHeader>
              <CardTitle>{t("perDay")}</CardTitle>
            </CardHeader>
            <CardContent>
              <RevenueChart
                points={points}
                labels={{ revenue: t("stats.revenue"), upstream: t("stats.upstream"), margin: t("stats.margin") }}
                formatUsd={(value) => formatUsd(BigInt(Math.round(value * 1e6)), { minDecimals: 0 })}
                summary={t("chartSummary", { days: report.days, revenue: format.usd(report.total.revenue), margin: format.usd(report.total.margin) })}
              />
            </CardContent>
          </Card>
          <Card className="relative overflow-hidden">
            <div className="flex flex-col gap-3 p-5 pb-3 sm:flex-row sm:items-center sm:justify-between">
              <h2 className="text-base font-semibold">{t("breakdown")}</h2>
              <div role="tablist" aria-label={t("breakdown")} className="inline-flex rounded-lg border border-zinc-200 p-0.5 dark:border-zinc-700">
                {(["model", "channel", "customer"] as const).map((d) => (
                  <button
                    key={d}
                    type="button"
                    role="tab"
                    aria-selected={dimension === d}
                    onClick={() => setDimension(d)}
                    className={cn(
                      "rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-500",
                      dimension === d ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
                    )}
                  >
                    {t(`by.${d}`)}
                  </button>
                ))}
              </div>
            </div>
            <DataTable table={table} caption={t(`by.${dimension}`)} sortLabels={sortLabels} />
          </Card>
          <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">{t("note")}</p>
        </>
      )}
    </>
  );
}
