import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { AvailabilityBars, availabilityText } from "@/app/admin/_components/availability-bars";
import { PublicShell } from "@/components/marketing/public-shell";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { getPublicStatus, type StatusBucket, type StatusFigures } from "@/lib/admin/service-status";
import { getCurrentSession } from "@/lib/auth/current-session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin-status.public");
  return { title: t("title"), description: t("subtitle") };
}

export const dynamic = "force-dynamic";

function overallState(figures: StatusFigures): "ok" | "degraded" | "down" | "quiet" {
  if (figures.availability === null) return "quiet";
  if (figures.availability >= 0.99) return "ok";
  if (figures.availability >= 0.9) return "degraded";
  return "down";
}

const STATE_STYLE = {
  ok: "border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-500/30 dark:bg-emerald-500/10 dark:text-emerald-100",
  degraded: "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-100",
  down: "border-red-200 bg-red-50 text-red-900 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-100",
  quiet: "border-zinc-200 bg-zinc-50 text-zinc-800 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-200",
};

// GET /status – public: per-model availability over 24 hours and 7 days (no channel details)
export default async function PublicStatusPage() {
  const [t, format, status, session] = await Promise.all([getTranslations("admin-status.public"), getFormatter(), getPublicStatus(), getCurrentSession()]);
  const state = overallState(status.overall24h);
  const when = (bucket: StatusBucket, isDay: boolean) =>
    format.dateTime(new Date(bucket.start), isDay ? { day: "numeric", month: "short", timeZone: "UTC" } : { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
  const describe = (isDay: boolean) => (bucket: StatusBucket) =>
    bucket.requests === 0 ? t("bucketEmpty", { at: when(bucket, isDay) }) : t("bucket", { at: when(bucket, isDay), availability: availabilityText(bucket.availability) });
  const active = status.models.filter((m) => m.last7d.requests > 0);
  const quiet = status.models.filter((m) => m.last7d.requests === 0);

  return (
    <PublicShell isSignedIn={session !== null}>
      {/* PublicShell renders the page's one <main> landmark (and its padding) */}
      <div className="mx-auto w-full max-w-4xl">
        <h1 className="text-3xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">{t("subtitle")}</p>
        <div className={cn("mt-8 rounded-xl border px-5 py-4", STATE_STYLE[state])} data-testid="status-banner" data-state={state}>
          <p className="text-lg font-semibold">{t(`states.${state}`)}</p>
          <p className="text-sm opacity-80">
            {status.overall24h.availability === null ? t("noTraffic") : t("overall", { day: availabilityText(status.overall24h.availability), week: availabilityText(status.overall7d.availability) })}
          </p>
        </div>

        {status.models.length === 0 ? (
          <EmptyState className="mt-8" title={t("emptyTitle")} description={t("emptyBody")} />
        ) : (
          <Card className="mt-8 divide-y divide-zinc-100 dark:divide-zinc-800">
            {active.map((model) => (
              <section key={model.id} className="space-y-3 p-5" data-testid="status-model" aria-labelledby={`model-${model.id}`}>
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h2 id={`model-${model.id}`} className="font-mono text-sm font-medium">
                    {model.id}
                  </h2>
                  <p className="text-sm tabular-nums text-zinc-600 dark:text-zinc-400">
                    {t("modelFigures", { day: availabilityText(model.last24h.availability), week: availabilityText(model.last7d.availability) })}
                  </p>
                </div>
                <div className="grid gap-3 sm:grid-cols-[1fr_12rem]">
                  <div>
                    <AvailabilityBars buckets={model.hours} describe={describe(false)} label={t("last24h", { model: model.id })} />
                    <p className="mt-1 flex justify-between text-xs text-zinc-500 dark:text-zinc-400">
                      <span>{t("hoursAgo")}</span>
                      <span>{t("now")}</span>
                    </p>
                  </div>
                  <div>
                    <AvailabilityBars buckets={model.days} describe={describe(true)} label={t("last7d", { model: model.id })} />
                    <p className="mt-1 flex justify-between text-xs text-zinc-500 dark:text-zinc-400">
                      <span>{t("daysAgo")}</span>
                      <span>{t("today")}</span>
                    </p>
                  </div>
                </div>
              </section>
            ))}
            {quiet.length > 0 && (
              <section className="p-5">
                <h2 className="mb-2 text-sm font-medium text-zinc-600 dark:text-zinc-400">{t("quietTitle")}</h2>
                <p className="font-mono text-xs leading-6 text-zinc-500 dark:text-zinc-400">{quiet.map((m) => m.id).join(" · ")}</p>
              </section>
            )}
          </Card>
        )}
        <p className="mt-4 text-xs text-zinc-500 dark:text-zinc-400">{t("note", { at: format.dateTime(new Date(status.generatedAt), { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) })}</p>
      </div>
    </PublicShell>
  );
}
