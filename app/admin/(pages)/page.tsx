import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Icon, type IconName } from "@/components/ui/icon";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { getAdminOverview } from "@/lib/admin/get-overview";
import { getLastLedgerCheck } from "@/lib/admin/ledger-check";
import { getOverallStatus, type StatusBucket } from "@/lib/admin/service-status";
import { requireOperator } from "@/lib/auth/guards";
import { formatUsd } from "@/lib/money";
import { AvailabilityBars, availabilityText } from "../_components/availability-bars";
import { LedgerCheckButton } from "./ledger-check-button";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.home");
  return { title: t("metaTitle") };
}

// GET /admin – operator home: customers, keys, balances, outbox; the last 24 hours (traffic, charges, channels,
// refunds waiting), and the latest ledger check (run on demand)
export default async function AdminHomePage() {
  await requireOperator();
  const [t, format, overview, check, status] = await Promise.all([getTranslations("admin.home"), getFormatter(), getAdminOverview(), getLastLedgerCheck(), getOverallStatus()]);
  const hourLabel = (bucket: StatusBucket) => format.dateTime(new Date(bucket.start), { hour: "2-digit", minute: "2-digit", day: "numeric", month: "short", timeZone: "UTC" });
  const describeHour = (bucket: StatusBucket) =>
    bucket.requests === 0
      ? t("hourEmpty", { at: hourLabel(bucket) })
      : t("hour", { at: hourLabel(bucket), availability: availabilityText(bucket.availability), requests: bucket.requests, errors: bucket.errors });
  const margin = overview.revenue24h - overview.upstreamCost24h;

  const shortcuts: { href: string; label: string; icon: IconName }[] = [
    { href: "/admin/outbox", label: t("shortcutOutbox"), icon: "mail" },
    { href: "/admin/customers", label: t("shortcutCustomers"), icon: "users" },
    { href: "/admin/channels", label: t("shortcutChannels"), icon: "server" },
  ];

  return (
    <>
      <PageHeader title={t("title")} description={t("subtitle")} />

      <Card className="mb-6">
        <dl className="grid grid-cols-2 divide-zinc-100 sm:grid-cols-3 lg:grid-cols-5 lg:divide-x dark:divide-zinc-800">
          <Stat className="p-5" label={t("users")} value={format.number(overview.users)} hint={t("usersHint", { operators: overview.operators, recent: overview.newUsers7d })} data-testid="stat-users" />
          <Stat className="p-5" label={t("keys")} value={format.number(overview.activeKeys)} hint={t("keysHint", { total: overview.totalKeys })} data-testid="stat-keys" />
          <Stat
            className="p-5"
            label={t("balances")}
            value={formatUsd(overview.walletPaid + overview.walletTrial)}
            hint={t("balancesHint", { paid: formatUsd(overview.walletPaid), trial: formatUsd(overview.walletTrial) })}
            data-testid="stat-balances"
          />
          <Stat className="p-5" label={t("held")} value={formatUsd(overview.walletHeld)} hint={t("heldHint")} />
          <Stat className="p-5" label={t("mail")} value={t("mailKept", { kept: overview.keptMail })} hint={t("mailHint", { failed: overview.failedMail })} />
        </dl>
      </Card>

      <Card className="mb-6" data-testid="last-24h">
        <CardHeader className="flex-row items-start justify-between gap-4">
          <div className="space-y-1">
            <CardTitle>{t("dayTitle")}</CardTitle>
            <CardDescription>{t("dayDescription")}</CardDescription>
          </div>
          <Link href="/admin/status" className="shrink-0 text-sm font-medium text-brand-600 hover:underline dark:text-brand-400">
            {t("dayStatusLink")} →
          </Link>
        </CardHeader>
        <CardContent className="space-y-5">
          <dl className="grid grid-cols-2 gap-5 lg:grid-cols-4">
            <Stat
              label={t("dayRequests")}
              value={format.number(status.overall.requests)}
              hint={status.overall.requests === 0 ? t("dayNoRequests") : t("dayRequestsHint", { availability: availabilityText(status.overall.availability), errors: status.overall.errors })}
              data-testid="stat-day-requests"
            />
            <Stat
              label={t("dayRevenue")}
              value={formatUsd(overview.revenue24h)}
              hint={t("dayRevenueHint", { upstream: formatUsd(overview.upstreamCost24h), margin: formatUsd(margin) })}
              data-testid="stat-day-revenue"
            />
            <Stat
              label={t("dayChannels")}
              value={t("dayChannelsValue", { serving: overview.enabledChannels - overview.takenOut.length, enabled: overview.enabledChannels })}
              hint={
                overview.enabledChannels === 0 ? (
                  <Link href="/admin/channels" className="text-brand-600 hover:underline dark:text-brand-400">
                    {t("dayChannelsNone")}
                  </Link>
                ) : overview.takenOut.length > 0 ? (
                  <Link href="/admin/channels" className="text-red-600 hover:underline dark:text-red-400">
                    {t("dayChannelsTakenOut", { count: overview.takenOut.length, names: overview.takenOut.map((c) => c.name).join(", ") })}
                  </Link>
                ) : (
                  t("dayChannelsHealthy", { disabled: overview.totalChannels - overview.enabledChannels })
                )
              }
              data-testid="stat-day-channels"
            />
            <Stat
              label={t("dayRefunds")}
              value={format.number(overview.waitingRefunds)}
              hint={
                overview.waitingRefunds > 0 ? (
                  <Link href="/admin/refunds" className="text-brand-600 hover:underline dark:text-brand-400">
                    {t("dayRefundsReview")}
                  </Link>
                ) : (
                  t("dayRefundsNone")
                )
              }
              data-testid="stat-day-refunds"
            />
          </dl>
          <div>
            <AvailabilityBars buckets={status.overallHours} describe={describeHour} label={t("dayBarsLabel")} className="h-8" />
            <div className="mt-1 flex justify-between text-xs text-zinc-500 dark:text-zinc-400">
              <span>{t("dayBarsStart")}</span>
              <span>{t("dayBarsEnd")}</span>
            </div>
          </div>
        </CardContent>
      </Card>

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2" data-testid="ledger-check">
          <CardHeader className="flex-row items-start justify-between gap-4">
            <div className="space-y-1">
              <div className="flex items-center gap-2">
                <CardTitle>{t("ledgerTitle")}</CardTitle>
                {check && <Badge tone={check.isOk ? "success" : "danger"}>{check.isOk ? t("healthy") : t("unhealthy")}</Badge>}
              </div>
              <CardDescription>{t("ledgerDescription")}</CardDescription>
            </div>
            <LedgerCheckButton />
          </CardHeader>
          <CardContent className="space-y-4">
            {!check && <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("ledgerNever")}</p>}
            {check && (
              <>
                <p className="text-sm text-zinc-800 dark:text-zinc-200" data-testid="ledger-check-summary">
                  {check.isOk ? t("ledgerOk", { accounts: check.accounts, transactions: check.transactions }) : t("ledgerFailed", { count: check.problemCount })}
                </p>
                <p className="text-xs text-zinc-500 dark:text-zinc-400">
                  {t("ledgerCheckedAt", { at: format.dateTime(new Date(check.checkedAt), { dateStyle: "medium", timeStyle: "medium" }), duration: check.durationMs })}
                </p>
                {check.problems.length > 0 && (
                  <Table>
                    <THead>
                      <tr>
                        <TH>{t("ledgerAccount")}</TH>
                        <TH>{t("ledgerProblem")}</TH>
                      </tr>
                    </THead>
                    <TBody>
                      {check.problems.map((problem, index) => (
                        <TR key={`${problem.accountId}-${index}`}>
                          <TD className="font-mono text-xs">{problem.accountId}</TD>
                          <TD>{problem.problem}</TD>
                        </TR>
                      ))}
                    </TBody>
                  </Table>
                )}
              </>
            )}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>{t("shortcuts")}</CardTitle>
          </CardHeader>
          <CardContent className="space-y-1">
            {shortcuts.map((shortcut) => (
              <Link
                key={shortcut.href}
                href={shortcut.href}
                className="flex items-center gap-3 rounded-md px-2 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
              >
                <span className="flex size-8 items-center justify-center rounded-md border border-zinc-200 text-zinc-500 dark:border-zinc-700">
                  <Icon name={shortcut.icon} />
                </span>
                {shortcut.label}
              </Link>
            ))}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
