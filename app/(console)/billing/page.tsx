import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";
import { ContextNotice } from "@/components/orgs/context-notice";
import { requireSession } from "@/lib/auth/guards";
import { pageWalletOwner } from "@/lib/orgs/console-scope";
import { formatUsd, formatUsdExact } from "@/lib/money";
import { getBillingOverview, STATEMENT_PAGE_ROWS } from "@/lib/payments/billing-overview";
import { RefundForm } from "./refund-form";
import { TopUpForm } from "./top-up-form";
import { TopUpReturn } from "./top-up-return";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("billing");
  return { title: t("metaTitle") };
}

const STATUS_TONES: Record<string, BadgeTone> = {
  pending: "info",
  paid: "success",
  failed: "danger",
  expired: "neutral",
  requested: "warning",
  approved: "info",
  rejected: "neutral",
  completed: "success",
};

/** "20.000000" → "20", "12.500000" → "12.5": what the amount inputs send. */
function decimal(micros: bigint): string {
  return formatUsdExact(micros).replace(/0+$/, "").replace(/\.$/, "");
}

function signed(micros: bigint): string {
  return micros > 0n ? `+${formatUsd(micros)}` : formatUsd(micros);
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// GET /billing – balance, card top-ups (or how credit is added without Stripe), refunds and the statement
export default async function BillingPage({ searchParams }: { searchParams: SearchParams }) {
  const { user } = await requireSession({ returnTo: "/billing" });
  // In an organization's context this is the organization's shared wallet (owner, admin and billing roles).
  const { context, owner } = await pageWalletOwner(user.id, "billing.view");
  if (!owner && context.kind === "org") return <ContextNotice area="billing" orgName={context.access.orgName} role={context.access.role} />;
  const [t, format, query, overview] = await Promise.all([getTranslations("billing"), getFormatter(), searchParams, getBillingOverview({ userId: user.id, owner: owner ?? { userId: user.id } })]);
  const { balance, options, refundable, topUps, refunds, statement } = overview;
  const returnId = typeof query.topup === "string" ? query.topup : null;
  const returning = returnId ? topUps.find((topUp) => topUp.id === returnId) : undefined;
  // The time of day is dropped on phones, where the tables need the width for amounts.
  const dateTime = (value: Date) => (
    <>
      {format.dateTime(value, { dateStyle: "medium" })}
      <span className="hidden sm:inline">, {format.dateTime(value, { timeStyle: "short" })}</span>
    </>
  );
  const date = (value: Date) => format.dateTime(value, { dateStyle: "medium" });
  const ctlTarget = context.kind === "org" ? `--org ${context.access.orgSlug}` : `--email ${user.email}`;
  const ctlCommand = `npm run ctl -- credit:add ${ctlTarget} --amount 20 --reason "card payment by invoice"`;

  return (
    <>
      <PageHeader
        title={t("title")}
        description={context.kind === "org" ? t("subtitleOrg", { org: context.access.orgName }) : t("subtitle")}
        actions={
          <a href="/api/billing/statement" className={buttonClasses({ variant: "outline" })} download>
            <Icon name="scroll" />
            {t("downloadCsv")}
          </a>
        }
      />

      {returning && (
        <div className="mb-6">
          <TopUpReturn topUpId={returning.id} isCanceled={query.canceled === "1"} initialStatus={returning.status} amount={formatUsd(returning.amount)} balance={formatUsd(balance.available)} />
        </div>
      )}

      <div className="grid gap-6 lg:grid-cols-5">
        <Card className="min-w-0 lg:col-span-2 lg:self-start">
          <CardHeader>
            <CardDescription>{t("balance.title")}</CardDescription>
            <p className="mt-1 text-4xl font-semibold tracking-tight text-zinc-900 tabular-nums dark:text-white" data-testid="billing-balance">
              {formatUsd(balance.available)}
            </p>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-2 gap-4 border-t border-zinc-100 pt-4 dark:border-zinc-800">
              <Stat label={t("balance.paid")} value={formatUsd(balance.paid)} />
              <Stat label={t("balance.trial")} value={formatUsd(balance.trial)} hint={t("balance.trialNote")} />
              {balance.held > 0n && <Stat label={t("balance.held")} value={formatUsd(balance.held)} />}
              {balance.frozen > 0n && <Stat label={t("balance.frozen")} value={formatUsd(balance.frozen)} hint={t("balance.frozenNote")} />}
            </dl>
          </CardContent>
        </Card>

        <Card className="min-w-0 lg:col-span-3">
          <CardHeader>
            <CardTitle>{t("topUp.title")}</CardTitle>
            <CardDescription>{t("topUp.description")}</CardDescription>
          </CardHeader>
          <CardContent>
            {options.isEnabled ? (
              <TopUpForm presets={options.presets.map((p) => ({ value: decimal(p), label: formatUsd(p, { minDecimals: 0 }) }))} min={formatUsd(options.min)} max={formatUsd(options.max)} />
            ) : (
              <div className="space-y-3" data-testid="card-payments-off">
                {/* how to turn payments on, and the command that adds credit meanwhile, are the operator's business */}
                <Alert tone="warning" title={t("topUp.disabledTitle")}>
                  {user.isOperator ? t("topUp.disabledBodyOperator") : t("topUp.disabledBody")}
                </Alert>
                {user.isOperator && (
                  <>
                    <div className="flex items-center gap-2 rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2 dark:border-zinc-800 dark:bg-zinc-950">
                      <code className="min-w-0 flex-1 font-mono text-xs wrap-anywhere text-zinc-800 dark:text-zinc-200">{ctlCommand}</code>
                      <CopyButton value={ctlCommand} isIconOnly variant="ghost" />
                    </div>
                    <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("topUp.disabledDocs")}</p>
                  </>
                )}
              </div>
            )}
          </CardContent>
        </Card>
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-5">
        <section className="min-w-0 space-y-3 lg:col-span-3" aria-labelledby="topups-title">
          <h2 id="topups-title" className="text-base font-semibold text-zinc-900 dark:text-zinc-50">
            {t("history.topUps")}
          </h2>
          {topUps.length === 0 ? (
            <EmptyState icon={<Icon name="card" />} title={t("history.emptyTopUps")} description={t("history.emptyTopUpsBody")} />
          ) : (
            <Table>
              <THead>
                <tr>
                  <TH>{t("history.date")}</TH>
                  <TH className="text-right">{t("history.amount")}</TH>
                  <TH>{t("history.status")}</TH>
                  <TH>{t("history.receipt")}</TH>
                </tr>
              </THead>
              <TBody>
                {topUps.map((topUp) => (
                  <TR key={topUp.id} data-testid="topup-row">
                    <TD className="whitespace-nowrap">{dateTime(topUp.paidAt ?? topUp.createdAt)}</TD>
                    <TD className="text-right font-medium whitespace-nowrap text-zinc-900 tabular-nums dark:text-zinc-100">
                      {formatUsd(topUp.amount)}
                      {topUp.refunded > 0n && <span className="block text-xs font-normal text-zinc-500">{t("history.refunded", { amount: formatUsd(topUp.refunded) })}</span>}
                    </TD>
                    <TD>
                      <Badge tone={STATUS_TONES[topUp.status]} className="whitespace-nowrap">{t(`status.${topUp.status}`)}</Badge>
                    </TD>
                    <TD>
                      {topUp.receiptUrl ? (
                        <a href={topUp.receiptUrl} target="_blank" rel="noopener noreferrer" className="inline-flex items-center gap-1 font-medium whitespace-nowrap text-brand-600 hover:underline dark:text-brand-400">
                          {t("history.viewReceipt")}
                          <Icon name="external" className="size-3.5" />
                        </a>
                      ) : (
                        <span className="text-zinc-400">—</span>
                      )}
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
          {refunds.length > 0 && (
            <>
              <h2 className="pt-3 text-base font-semibold text-zinc-900 dark:text-zinc-50">{t("history.refunds")}</h2>
              <Table>
                <THead>
                  <tr>
                    <TH>{t("history.date")}</TH>
                    <TH className="text-right">{t("history.amount")}</TH>
                    <TH>{t("history.status")}</TH>
                    <TH>{t("history.note")}</TH>
                  </tr>
                </THead>
                <TBody>
                  {refunds.map((refund) => (
                    <TR key={refund.id} data-testid="refund-row">
                      <TD className="whitespace-nowrap">{dateTime(refund.createdAt)}</TD>
                      <TD className="text-right font-medium tabular-nums">{formatUsd(refund.amount)}</TD>
                      <TD>
                        <Badge tone={STATUS_TONES[refund.status]} className="whitespace-nowrap">{t(`status.${refund.status}`)}</Badge>
                      </TD>
                      <TD className="max-w-48 truncate text-zinc-500">{refund.decisionNote ?? refund.reason ?? ""}</TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </>
          )}
        </section>

        {context.kind === "personal" && (
        <Card className="h-fit min-w-0 lg:col-span-2">
          <CardHeader>
            <CardTitle>{t("refund.title")}</CardTitle>
            <CardDescription>{t("refund.description")}</CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            <div className="flex items-baseline justify-between rounded-lg bg-zinc-50 px-3 py-2 dark:bg-zinc-950">
              <span className="text-sm text-zinc-500 dark:text-zinc-400">{t("refund.refundable")}</span>
              <span className="font-semibold text-zinc-900 tabular-nums dark:text-zinc-100" data-testid="refundable">
                {formatUsd(refundable.refundable)}
              </span>
            </div>
            {refundable.refundable > 0n ? (
              <RefundForm refundable={formatUsd(refundable.refundable)} refundableValue={decimal(refundable.refundable)} />
            ) : (
              <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("refund.nothing")}</p>
            )}
            {refundable.hasDisputedCharge && (
              <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="refund-disputed">
                {t("refund.disputed")}
              </p>
            )}
          </CardContent>
        </Card>
        )}
      </div>

      <section className="mt-8 min-w-0 space-y-3" aria-labelledby="statement-title">
        <div>
          <h2 id="statement-title" className="text-base font-semibold text-zinc-900 dark:text-zinc-50">
            {t("statement.title")}
          </h2>
          <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("statement.description")}</p>
        </div>
        {statement.length === 0 ? (
          <EmptyState icon={<Icon name="scroll" />} title={t("statement.empty")} />
        ) : (
          <Table data-testid="statement">
            <THead>
              <tr>
                <TH>{t("statement.date")}</TH>
                <TH>{t("statement.description_")}</TH>
                <TH className="text-right">{t("statement.amount")}</TH>
                <TH className="text-right">{t("statement.balance")}</TH>
              </tr>
            </THead>
            <TBody>
              {statement.map((row) => (
                <TR key={`${row.kind}:${row.reference}:${row.at.toISOString()}`} data-testid="statement-row" data-kind={row.kind}>
                  <TD className="whitespace-nowrap">{row.kind === "usage" ? date(row.at) : dateTime(row.at)}</TD>
                  <TD>
                    <span className="font-medium text-zinc-900 dark:text-zinc-100">{row.kind === "adjustment" && row.memo ? `${t("statement.kinds.adjustment")}: ${row.memo}` : t(`statement.kinds.${row.kind}`)}</span>
                    {row.kind === "usage" && row.periodStart && (
                      <span className="block text-xs text-zinc-500 dark:text-zinc-400">{t("statement.usagePeriod", { start: date(row.periodStart), end: date(row.at), count: row.count })}</span>
                    )}
                    {row.receiptUrl && (
                      <a href={row.receiptUrl} target="_blank" rel="noopener noreferrer" className="ml-2 text-xs font-medium text-brand-600 hover:underline dark:text-brand-400">
                        {t("statement.receipt")}
                      </a>
                    )}
                  </TD>
                  <TD className={cn("text-right font-medium whitespace-nowrap tabular-nums", row.amount > 0n ? "text-emerald-700 dark:text-emerald-400" : "text-zinc-900 dark:text-zinc-100")}>
                    {signed(row.amount)}
                  </TD>
                  <TD className="text-right whitespace-nowrap tabular-nums">{formatUsd(row.balance)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
        {statement.length >= STATEMENT_PAGE_ROWS && <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("statement.showing", { count: STATEMENT_PAGE_ROWS })}</p>}
      </section>
    </>
  );
}
