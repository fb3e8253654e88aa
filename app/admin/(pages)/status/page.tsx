import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { getServiceStatus, type StatusBucket, type StatusSubject } from "@/lib/admin/service-status";
import { requireOperator } from "@/lib/auth/guards";
import { AvailabilityBars, availabilityText } from "../../_components/availability-bars";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin-status"))("title") };
}

export const dynamic = "force-dynamic";

// GET /admin/status – availability and latency per model and per channel over the last 24 hours, hour by hour
export default async function StatusPage() {
  await requireOperator();
  const [t, format, status] = await Promise.all([getTranslations("admin-status"), getFormatter(), getServiceStatus()]);
  const describe = (bucket: StatusBucket) =>
    bucket.requests === 0
      ? t("bucketEmpty", { at: format.dateTime(new Date(bucket.start), { hour: "2-digit", minute: "2-digit", day: "numeric", month: "short", timeZone: "UTC" }) })
      : t("bucket", {
          at: format.dateTime(new Date(bucket.start), { hour: "2-digit", minute: "2-digit", day: "numeric", month: "short", timeZone: "UTC" }),
          availability: availabilityText(bucket.availability),
          requests: bucket.requests,
          errors: bucket.errors,
        });

  const subjectTable = (subjects: StatusSubject[], kind: "model" | "channel") => (
    <Table>
      <THead>
        <tr>
          <TH>{t(`columns.${kind}`)}</TH>
          <TH className="w-1/2 min-w-48">{t("columns.last24h")}</TH>
          <TH className="text-right">{t("columns.availability")}</TH>
          <TH className="hidden text-right sm:table-cell">{t("columns.requests")}</TH>
          <TH className="hidden text-right md:table-cell">{t("columns.latency")}</TH>
        </tr>
      </THead>
      <TBody>
        {subjects.map((s) => (
          <TR key={s.id} data-testid={`status-${kind}`}>
            <TD className={kind === "model" ? "font-mono text-xs" : "font-medium"}>
              {kind === "channel" ? (
                <Link href="/admin/channels" className="hover:underline">
                  {s.label}
                </Link>
              ) : (
                s.label
              )}
            </TD>
            <TD>
              <AvailabilityBars buckets={s.hours} describe={describe} label={t("barsLabel", { name: s.label })} className="h-6" />
            </TD>
            <TD className="text-right tabular-nums">{availabilityText(s.availability)}</TD>
            <TD className="hidden text-right tabular-nums sm:table-cell">
              {format.number(s.requests)}
              {s.errors > 0 && <div className="text-xs text-red-700 dark:text-red-400">{t("errors", { count: s.errors })}</div>}
            </TD>
            <TD className="hidden text-right tabular-nums md:table-cell">{s.meanLatencyMs === null ? "—" : `${format.number(s.meanLatencyMs)} ms`}</TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("subtitle")}
        actions={
          <Link href="/status" className="inline-flex items-center gap-1.5 text-sm font-medium text-brand-700 hover:underline dark:text-brand-400">
            {t("publicLink")}
            <Icon name="external" className="size-4" />
          </Link>
        }
      />
      <Card className="mb-6">
        <dl className="grid grid-cols-1 sm:grid-cols-3 sm:divide-x sm:divide-zinc-100 dark:sm:divide-zinc-800">
          <Stat className="p-5" label={t("overall")} value={availabilityText(status.overall.availability)} hint={t("overallHint")} data-testid="status-overall" />
          <Stat className="p-5" label={t("columns.requests")} value={format.number(status.overall.requests)} hint={t("errors", { count: status.overall.errors })} />
          <Stat className="p-5" label={t("columns.latency")} value={status.overall.meanLatencyMs === null ? "—" : `${format.number(status.overall.meanLatencyMs)} ms`} hint={t("latencyHint")} />
        </dl>
      </Card>
      {status.models.length === 0 ? (
        <EmptyState icon={<Icon name="activity" />} title={t("emptyTitle")} description={t("emptyBody")} />
      ) : (
        <div className="space-y-6">
          <Card className="overflow-hidden">
            <CardHeader className="flex-row items-center justify-between">
              <CardTitle>{t("models")}</CardTitle>
              <Badge tone="neutral">{t("utcHours")}</Badge>
            </CardHeader>
            {subjectTable(status.models, "model")}
          </Card>
          <Card className="overflow-hidden">
            <CardHeader className="flex-row items-center justify-between">
              <CardTitle>{t("channels")}</CardTitle>
              <Badge tone="neutral">{t("utcHours")}</Badge>
            </CardHeader>
            {subjectTable(status.channels, "channel")}
          </Card>
        </div>
      )}
      <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">{t("note")}</p>
    </>
  );
}
