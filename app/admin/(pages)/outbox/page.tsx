import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { Input } from "@/components/ui/input";
import { LinkifiedText } from "@/components/ui/linkified-text";
import { PageHeader } from "@/components/ui/page-header";
import { requireOperator } from "@/lib/auth/guards";
import { isMailConfigured } from "@/lib/mail/send-mail";
import { listOutbox } from "@/lib/mail/list-outbox";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.outbox");
  return { title: t("metaTitle") };
}

const STATUS_TONES: Record<string, BadgeTone> = { sent: "success", kept: "info", failed: "danger", pending: "neutral" };
const UUID = /^[0-9a-f-]{36}$/i;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

// GET /admin/outbox – every message Switchyard wrote (kept, sent, failed), newest first, with readable bodies
export default async function OutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireOperator();
  const params = await searchParams;
  const to = single(params.to)?.trim().slice(0, 254) || null;
  const before = single(params.before);
  const [t, format, page] = await Promise.all([
    getTranslations("admin.outbox"),
    getFormatter(),
    listOutbox({ to, before: before && UUID.test(before) ? before : null }),
  ]);
  const nextHref = page.nextCursor ? `/admin/outbox?${new URLSearchParams({ ...(to ? { to } : {}), before: page.nextCursor })}` : null;

  return (
    <>
      <PageHeader title={t("title")} description={t("subtitle")} />
      <Alert tone={isMailConfigured() ? "success" : "info"} className="mb-6">
        {isMailConfigured() ? t("smtpOn") : t("smtpOff")}
      </Alert>

      <form method="get" className="mb-4 flex flex-col gap-2 sm:flex-row sm:items-center">
        <label htmlFor="outbox-to" className="sr-only">
          {t("filterTo")}
        </label>
        <Input id="outbox-to" name="to" type="search" defaultValue={to ?? ""} placeholder={t("filterPlaceholder")} className="sm:max-w-xs" />
        <div className="flex gap-2">
          <Button type="submit" variant="outline">
            {t("filter")}
          </Button>
          {to && (
            <Link href="/admin/outbox" className={buttonClasses({ variant: "ghost" })}>
              {t("clear")}
            </Link>
          )}
        </div>
      </form>

      {page.entries.length === 0 ? (
        <EmptyState icon={<Icon name="inbox" />} title={to ? t("emptyFilter") : t("empty")} description={t("emptyHint")} />
      ) : (
        <Card className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {page.entries.map((message, index) => (
            <details key={message.id} className="group" open={index === 0 && !before} data-testid="outbox-message">
              <summary className="flex cursor-pointer list-none flex-col gap-1 px-5 py-4 hover:bg-zinc-50/70 focus-visible:outline-2 focus-visible:outline-brand-500 sm:flex-row sm:items-center sm:gap-4 dark:hover:bg-zinc-800/40 [&::-webkit-details-marker]:hidden">
                <Icon name="chevronDown" className="hidden -rotate-90 text-zinc-400 transition-transform group-open:rotate-0 sm:block" />
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm font-medium text-zinc-900 dark:text-zinc-100">{message.subject}</p>
                  <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">
                    {t("to")}: <span data-testid="outbox-to">{message.to}</span> · {message.kind}
                  </p>
                </div>
                <div className="flex shrink-0 items-center gap-3">
                  <Badge tone={STATUS_TONES[message.status] ?? "neutral"}>{t.has(`statuses.${message.status}`) ? t(`statuses.${message.status}`) : message.status}</Badge>
                  <time dateTime={message.createdAt.toISOString()} className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
                    {format.dateTime(message.createdAt, { dateStyle: "medium", timeStyle: "short" })}
                  </time>
                </div>
              </summary>
              <div className="space-y-3 border-t border-zinc-100 bg-zinc-50/50 px-5 py-4 dark:border-zinc-800 dark:bg-zinc-950/40">
                {message.error && <Alert tone="danger">{message.error}</Alert>}
                <LinkifiedText text={message.text} className="max-w-3xl text-sm leading-relaxed text-zinc-700 dark:text-zinc-300" />
              </div>
            </details>
          ))}
        </Card>
      )}

      {(nextHref || before) && (
        <div className="mt-4 flex justify-between">
          {before ? (
            <Link href={to ? `/admin/outbox?${new URLSearchParams({ to })}` : "/admin/outbox"} className={buttonClasses({ variant: "outline", size: "sm" })}>
              {t("newest")}
            </Link>
          ) : (
            <span />
          )}
          {nextHref && (
            <Link href={nextHref} className={buttonClasses({ variant: "outline", size: "sm" })}>
              {t("older")} →
            </Link>
          )}
        </div>
      )}
    </>
  );
}
