import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Icon } from "@/components/ui/icon";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { MemberAllowanceCard } from "@/components/orgs/member-allowance-card";
import { requireSession } from "@/lib/auth/guards";
import { getContextBalance } from "@/lib/orgs/context-balance";
import { pageDataScope, pageWalletOwner } from "@/lib/orgs/console-scope";
import { getMemberAllowance } from "@/lib/orgs/member-allowance";
import { siteOrigin } from "@/lib/http/site-origin";
import { formatUsd } from "@/lib/money";
import { hasMadeRequests } from "@/lib/usage/has-made-requests";
import { LowBalanceBanner } from "./low-balance-banner";
import { UsageOverview } from "./usage-overview";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard");
  return { title: t("metaTitle") };
}

function Endpoint({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex min-w-0 items-center justify-between gap-3 rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2 dark:border-zinc-800 dark:bg-zinc-950">
      <div className="min-w-0">
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{label}</p>
        <code className="block truncate font-mono text-sm text-zinc-900 dark:text-zinc-100" title={value}>
          {value}
        </code>
      </div>
      <CopyButton value={value} isIconOnly variant="ghost" />
    </div>
  );
}

// GET /dashboard – console home: balance (paid and trial apart) and the first steps; charts go in the grid below
export default async function DashboardPage() {
  const { user } = await requireSession({ returnTo: "/dashboard" });
  // The selected console context decides whose balance and usage this page shows (lib/orgs/console-scope.ts).
  const [{ context, owner }, usage] = await Promise.all([pageWalletOwner(user.id), pageDataScope(user.id, "usage")]);
  const [t, balance, origin, allowance, hasRequests] = await Promise.all([
    getTranslations("dashboard"),
    owner ? getContextBalance(owner) : null,
    siteOrigin(),
    context.kind === "org" ? getMemberAllowance({ membershipId: context.access.membershipId, allowance: context.access.monthlyAllowance }) : null,
    // no request yet in what this page shows (yours; an organization's for its owner and admins, so an owner whose
    // members already call the relay is not walked through a first request): the first-request steps still apply.
    // A role that sees no usage has no keys either (billing): no steps.
    usage.scope ? hasMadeRequests({ scope: usage.scope }) : true,
  ]);
  const greeting = hasRequests ? (user.name ? t("titleName", { name: user.name }) : t("title")) : user.name ? t("welcomeName", { name: user.name }) : t("welcome");

  return (
    <>
      <PageHeader title={greeting} description={hasRequests ? t("subtitleReturning") : t("subtitle")} />
      {context.kind === "personal" && <LowBalanceBanner userId={user.id} />}

      {/* grid-cols-1 and min-w-0: a long balance or URL shrinks to the phone's width instead of widening the page */}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3 lg:items-start">
        <div className={hasRequests ? "flex min-w-0 flex-col gap-6 lg:col-span-3" : "flex min-w-0 flex-col gap-6 lg:col-span-2"}>
        {balance ? (
        <Card>
          <CardHeader className="flex-row flex-wrap items-start justify-between gap-4">
            <div className="min-w-0">
              <CardDescription>{t("balance.title")}</CardDescription>
              <p className="mt-1 text-3xl font-semibold tracking-tight break-all text-zinc-900 tabular-nums sm:text-4xl dark:text-white" data-testid="balance-available">
                {formatUsd(balance.available)}
              </p>
            </div>
            <Link href="/billing" className={buttonClasses({ variant: "primary" })}>
              <Icon name="card" />
              {t("balance.topUp")}
            </Link>
          </CardHeader>
          <CardContent className="space-y-4">
            <dl className="grid grid-cols-2 gap-4 border-t border-zinc-100 pt-4 sm:grid-cols-3 dark:border-zinc-800">
              <Stat label={t("balance.paid")} value={formatUsd(balance.paid)} data-testid="balance-paid" />
              {/* an organization's wallet gets no trial credit: only a person's does */}
              {context.kind === "personal" && <Stat label={t("balance.trial")} value={formatUsd(balance.trial)} hint={t("balance.trialNote")} data-testid="balance-trial" />}
              {balance.held > 0n && <Stat label={t("balance.held")} value={formatUsd(balance.held)} />}
            </dl>
            {balance.available <= 0n && <Alert tone="warning">{t("balance.empty")}</Alert>}
          </CardContent>
        </Card>
        ) : (
          allowance && context.kind === "org" && <MemberAllowanceCard orgName={context.access.orgName} status={allowance} />
        )}

        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <Endpoint label={t("start.openaiBase")} value={`${origin}/v1`} />
          <Endpoint label={t("start.anthropicBase")} value={origin} />
        </div>
        </div>

        {!hasRequests && (
        <Card data-testid="first-request">
          <CardHeader>
            <CardTitle>{t("start.title")}</CardTitle>
            <CardDescription>{t("start.description")}</CardDescription>
          </CardHeader>
          <CardContent>
            <ol className="space-y-4 text-sm">
              <li className="flex gap-3">
                <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700 dark:bg-brand-500/15 dark:text-brand-300">1</span>
                <div className="min-w-0 space-y-1">
                  <p className="font-medium text-zinc-900 dark:text-zinc-100">{t("start.step1")}</p>
                  <p className="text-zinc-500 dark:text-zinc-400">{t("start.step1Body")}</p>
                  <Link href="/keys" className="inline-flex items-center gap-1 font-medium text-brand-600 hover:underline dark:text-brand-400">
                    {t("start.step1Action")} →
                  </Link>
                </div>
              </li>
              <li className="flex gap-3">
                <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700 dark:bg-brand-500/15 dark:text-brand-300">2</span>
                <div className="min-w-0 space-y-1">
                  <p className="font-medium text-zinc-900 dark:text-zinc-100">{t("start.step2")}</p>
                  <p className="text-zinc-500 dark:text-zinc-400">{t("start.step2Body")}</p>
                </div>
              </li>
              <li className="flex gap-3">
                <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700 dark:bg-brand-500/15 dark:text-brand-300">3</span>
                <div className="min-w-0 space-y-1">
                  <p className="font-medium text-zinc-900 dark:text-zinc-100">{t("start.step3")}</p>
                  <p className="text-zinc-500 dark:text-zinc-400">{t("start.step3Body")}</p>
                  <div className="flex flex-wrap gap-3">
                    <Link href="/playground" className="font-medium text-brand-600 hover:underline dark:text-brand-400">{t("start.playground")} →</Link>
                    <Link href="/guides" className="font-medium text-brand-600 hover:underline dark:text-brand-400">{t("start.guides")} →</Link>
                  </div>
                </div>
              </li>
            </ol>
          </CardContent>
        </Card>
        )}
      </div>

      {usage.scope && <UsageOverview scope={usage.scope} />}
    </>
  );
}
