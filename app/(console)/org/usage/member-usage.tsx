"use client";

import { useFormatter, useTranslations } from "next-intl";
import { OTHER_COLOR, SERIES_COLORS, UsageBarChart, type ChartSeries } from "@/components/charts/usage-bar-chart";
import { Card } from "@/components/ui/card";
import { Icon } from "@/components/ui/icon";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatUsd } from "@/lib/money";
import type { MemberSeries, MemberUsageRow } from "@/lib/orgs/get-member-usage";
import { OrgSectionHeading } from "../org-section";

const OTHER = "__other";

/** The organization's usage by member: a daily spend chart stacked by member and a table with CSV per member. */
export function MemberUsage({ orgId, members, series }: { orgId: string; members: MemberUsageRow[]; series: MemberSeries }) {
  const t = useTranslations("orgs");
  const format = useFormatter();
  const number = (value: number) => format.number(value);
  const compact = (value: number) => format.number(value, { notation: "compact", maximumFractionDigits: 1 });
  const chartSeries: ChartSeries[] = series.members.map((member, index) => ({
    id: member.id,
    label: member.id === OTHER ? t("usage.other") : member.label,
    color: member.id === OTHER ? OTHER_COLOR : SERIES_COLORS[index % SERIES_COLORS.length],
  }));
  const buckets = series.points.map((point) => ({
    label: format.dateTime(new Date(`${point.day}T00:00:00Z`), { month: "short", day: "numeric", timeZone: "UTC" }),
    title: format.dateTime(new Date(`${point.day}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" }),
    values: Object.fromEntries(chartSeries.map((s) => [s.id, Number(point.byMember[s.id] ?? "0") / 1e6])),
    micros: Object.fromEntries(chartSeries.map((s) => [s.id, point.byMember[s.id] ?? "0"])),
  }));
  const total = members.reduce((sum, member) => sum + BigInt(member.cost30d), 0n);

  return (
    <div className="space-y-6">
      <OrgSectionHeading title={t("usage.title")} description={t("usage.description")} />
      <Card className="p-5">
        <div className="mb-3 flex items-baseline justify-between gap-3">
          <h3 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{t("usage.chartTitle")}</h3>
          <span className="text-sm text-zinc-500 tabular-nums dark:text-zinc-400">
            {t("usage.last30")}: {formatUsd(total)}
          </span>
        </div>
        {chartSeries.length === 0 ? (
          <p className="py-12 text-center text-sm text-zinc-500 dark:text-zinc-400">{t("usage.empty")}</p>
        ) : (
          <UsageBarChart buckets={buckets} series={chartSeries} metric="spend" summary={t("usage.chartTitle")} totalLabel={t("usage.total")} formatNumber={number} formatCompact={compact} />
        )}
      </Card>
      <Table>
        <THead>
          <TR>
            <TH>{t("usage.member")}</TH>
            <TH className="text-right">{t("usage.month")}</TH>
            <TH className="text-right">{t("usage.allowance")}</TH>
            <TH className="text-right">{t("usage.last30")}</TH>
            <TH className="text-right">{t("usage.requests")}</TH>
            <TH className="text-right">{t("usage.tokens")}</TH>
            <TH />
          </TR>
        </THead>
        <TBody>
          {members.map((member) => (
            <TR key={member.userId} data-testid="usage-member-row" data-email={member.email}>
              <TD className="max-w-56">
                <p className="truncate font-medium text-zinc-900 dark:text-zinc-100">{member.name ?? member.email}</p>
                <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">{member.role ? t(`roles.${member.role}`) : member.email}</p>
              </TD>
              <TD className="text-right tabular-nums" data-testid="usage-member-month">
                {formatUsd(BigInt(member.spentThisMonth))}
              </TD>
              <TD className="text-right tabular-nums text-zinc-500">{member.monthlyAllowance === "0" ? t("members.noCap") : formatUsd(BigInt(member.monthlyAllowance))}</TD>
              <TD className="text-right tabular-nums" data-testid="usage-member-30d">
                {formatUsd(BigInt(member.cost30d))}
              </TD>
              <TD className="text-right tabular-nums">{number(member.requests30d)}</TD>
              <TD className="text-right tabular-nums">{compact(member.tokens30d)}</TD>
              <TD className="text-right">
                <a
                  href={`/api/orgs/${orgId}/usage/export?member=${member.userId}`}
                  download
                  className="inline-flex items-center gap-1 text-sm font-medium text-brand-600 hover:underline dark:text-brand-400"
                  aria-label={t("usage.csvOf", { email: member.email })}
                >
                  <Icon name="scroll" className="size-4" />
                  {t("usage.csv")}
                </a>
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
