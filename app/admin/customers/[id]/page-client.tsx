"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { TimeZoneCookie } from "@/components/charts/time-zone-cookie";
import { requestJson } from "@/components/data-table/request-json";
import { useFormatters, type Formatters } from "@/components/data-table/use-formatters";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Icon } from "@/components/ui/icon";
import { Input, Select, Textarea } from "@/components/ui/input";
import { Stat } from "@/components/ui/stat";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { MAX_OPERATOR_AMOUNT_MICROS } from "@/lib/admin/constants";
import type { CustomerDetail } from "@/lib/admin/customers";
import type { KeyStatus } from "@/lib/keys/key-status";
import { systemMemoKey } from "@/lib/billing/system-memos";
import { formatUsd, formatUsdExact, readUsdInput } from "@/lib/money";
import { usdInputError } from "../../_components/money";
import { SpendChart } from "../../_components/spend-chart";

const KEY_TONE: Record<KeyStatus, BadgeTone> = { active: "success", disabled: "neutral", expired: "warning", exhausted: "danger" };

export function CustomerDetailClient({ customer, groups, isSelf, timeZone, now }: { customer: CustomerDetail; groups: string[]; isSelf: boolean; timeZone: string; now: string }) {
  const t = useTranslations("admin-customers");
  const format = useFormatters({ timeZone, now });
  const [dialog, setDialog] = useState<"adjust" | "status" | null>(null);
  const isDisabled = customer.disabledAt !== null;
  const b = customer.balance;

  return (
    <>
      <TimeZoneCookie renderedFor={timeZone} />
      <Link href="/admin/customers" className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200">
        <Icon name="arrowLeft" className="size-4" />
        {t("back")}
      </Link>
      <div className="mb-6 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="truncate text-2xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50" data-testid="customer-email">
              {customer.email}
            </h1>
            {customer.isOperator && <Badge tone="brand">{t("operator")}</Badge>}
            {isDisabled && (
              <Badge tone="danger" data-testid="customer-disabled">
                {t("disabled")}
              </Badge>
            )}
          </div>
          <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
            {[customer.name, t("since", { date: format.date(customer.createdAt) }), t("sessions", { count: customer.activeSessions })].filter(Boolean).join(" · ")}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => setDialog("adjust")} data-testid="customer-adjust">
            {t("adjust.button")}
          </Button>
          <Button variant={isDisabled ? "outline" : "danger"} onClick={() => setDialog("status")} disabled={isSelf && !isDisabled} title={isSelf ? t("status.notSelf") : undefined}>
            {isDisabled ? t("status.enable") : t("status.disable")}
          </Button>
        </div>
      </div>
      {isDisabled && (
        <Alert tone="danger" className="mb-6">
          {t("status.disabledSince", { at: format.dateTime(customer.disabledAt ?? now) })}
        </Alert>
      )}

      <Card className="mb-6">
        <dl className="grid grid-cols-2 sm:grid-cols-3 lg:grid-cols-5 lg:divide-x lg:divide-zinc-100 dark:lg:divide-zinc-800">
          <Stat className="p-5" label={t("balance.available")} value={format.usd(b.available)} data-testid="customer-available" />
          <Stat className="p-5" label={t("balance.paid")} value={format.usd(b.paid)} hint={t("balance.paidHint")} data-testid="customer-paid" />
          <Stat className="p-5" label={t("balance.trial")} value={format.usd(b.trial)} hint={t("balance.trialHint")} />
          <Stat className="p-5" label={t("balance.held")} value={format.usd(b.held)} hint={t("balance.heldHint")} />
          <Stat className="p-5" label={t("balance.frozen")} value={format.usd(b.frozen)} hint={t("balance.frozenHint")} />
        </dl>
      </Card>

      <div className="mb-6 grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>{t("usage.title")}</CardTitle>
            <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("usage.summary", { requests: customer.usage.requests30d, cost: format.usd(customer.usage.cost30d) })}</p>
          </CardHeader>
          <CardContent>
            {customer.usage.requests30d === 0 ? (
              <p className="py-10 text-center text-sm text-zinc-500 dark:text-zinc-400">{t("usage.empty")}</p>
            ) : (
              <SpendChart
                label={t("usage.spend")}
                points={customer.usage.days.map((d) => ({ label: format.date(`${d.day}T12:00:00Z`).replace(/,? \d{4}$/, ""), title: format.date(`${d.day}T12:00:00Z`), micros: d.cost }))}
                summary={t("usage.chartSummary", { cost: format.usd(customer.usage.cost30d) })}
              />
            )}
          </CardContent>
        </Card>
        <div className="space-y-6">
          <GroupCard customer={customer} groups={groups} />
          <Card>
            <CardHeader>
              <CardTitle>{t("usage.byModel")}</CardTitle>
            </CardHeader>
            <CardContent>
              {customer.usage.models.length === 0 ? (
                <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("usage.empty")}</p>
              ) : (
                <ul className="space-y-1.5 text-sm">
                  {customer.usage.models.map((m) => (
                    <li key={m.model} className="flex justify-between gap-3">
                      <span className="truncate font-mono text-xs">{m.model}</span>
                      <span className="tabular-nums">{format.usd(m.cost)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>
          {customer.orgs.length > 0 && (
            <Card>
              <CardHeader>
                <CardTitle>{t("orgs")}</CardTitle>
              </CardHeader>
              <CardContent>
                <ul className="space-y-1 text-sm">
                  {customer.orgs.map((o) => (
                    <li key={o.id} className="flex justify-between">
                      <span>{o.name}</span>
                      <span className="text-zinc-500 dark:text-zinc-400">{o.role}</span>
                    </li>
                  ))}
                </ul>
              </CardContent>
            </Card>
          )}
        </div>
      </div>

      <Card className="relative mb-6 overflow-hidden">
        <CardHeader>
          <CardTitle>{t("keys.title")}</CardTitle>
        </CardHeader>
        {customer.keys.length === 0 ? (
          <CardContent>
            <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("keys.empty")}</p>
          </CardContent>
        ) : (
          <Table>
            <THead>
              <tr>
                <TH>{t("keys.name")}</TH>
                <TH>{t("keys.status")}</TH>
                <TH className="text-right">{t("keys.spent")}</TH>
                <TH className="hidden sm:table-cell">{t("keys.lastUsed")}</TH>
              </tr>
            </THead>
            <TBody>
              {customer.keys.map((k) => (
                <TR key={k.id}>
                  <TD>
                    <div className="font-medium">{k.name}</div>
                    <code className="text-xs text-zinc-500 dark:text-zinc-400">{k.masked}</code>
                    {k.org && <span className="ml-2 text-xs text-zinc-500">{k.org}</span>}
                  </TD>
                  <TD>
                    <Badge tone={KEY_TONE[k.status]}>{t(`keys.statuses.${k.status}`)}</Badge>
                  </TD>
                  <TD className="text-right tabular-nums">{BigInt(k.creditCap) > 0n ? t("keys.ofCap", { spent: format.usd(k.spent), cap: format.usd(k.creditCap) }) : format.usd(k.spent)}</TD>
                  <TD className="hidden sm:table-cell">{k.lastUsedAt ? format.relative(k.lastUsedAt) : t("keys.never")}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>

      <Card className="relative overflow-hidden">
        <CardHeader>
          <CardTitle>{t("ledger.title")}</CardTitle>
        </CardHeader>
        {customer.ledger.length === 0 ? (
          <CardContent>
            <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("ledger.empty")}</p>
          </CardContent>
        ) : (
          <Table>
            <THead>
              <tr>
                <TH>{t("ledger.when")}</TH>
                <TH>{t("ledger.kind")}</TH>
                <TH className="hidden md:table-cell">{t("ledger.memo")}</TH>
                <TH className="text-right">{t("ledger.paid")}</TH>
                <TH className="text-right">{t("ledger.trial")}</TH>
              </tr>
            </THead>
            <TBody>
              {customer.ledger.map((line) => {
                // a memo the ledger wrote itself (in English) reads in the console's language; others as written
                const memoKey = systemMemoKey(line.memo);
                const memo = memoKey ? t(`memos.${memoKey}`) : line.memo;
                return (
                  <TR key={line.transactionId} data-testid="ledger-line" data-kind={line.kind}>
                    <TD className="whitespace-nowrap" title={format.dateTime(line.at)}>
                      {format.relative(line.at)}
                    </TD>
                    <TD>
                      <Badge tone="neutral">{t.has(`ledger.kinds.${line.kind}`) ? t(`ledger.kinds.${line.kind}`) : line.kind}</Badge>
                    </TD>
                    <TD className="hidden max-w-72 truncate md:table-cell" title={memo ?? undefined} data-testid="ledger-memo">
                      {line.requests !== null && <span className="tabular-nums">{t("ledger.requests", { count: line.requests })}</span>}
                      {line.requests !== null && memo && " · "}
                      {memo ?? ""}
                      {line.actor && <span className="text-xs text-zinc-500 dark:text-zinc-400"> · {line.actor}</span>}
                    </TD>
                    <TD className="text-right tabular-nums">
                      <Signed micros={line.paid} format={format} />
                    </TD>
                    <TD className="text-right tabular-nums">
                      <Signed micros={line.trial} format={format} />
                    </TD>
                  </TR>
                );
              })}
            </TBody>
          </Table>
        )}
      </Card>

      {dialog === "adjust" && <AdjustDialog customer={customer} onClose={() => setDialog(null)} />}
      {dialog === "status" && <StatusDialog customer={customer} onClose={() => setDialog(null)} />}
    </>
  );
}

function Signed({ micros, format }: { micros: string; format: Formatters }) {
  const value = BigInt(micros);
  if (value === 0n) return <span className="text-zinc-400">—</span>;
  return <span className={value > 0n ? "text-emerald-700 dark:text-emerald-400" : "text-zinc-900 dark:text-zinc-100"}>{value > 0n ? `+${format.usd(value)}` : format.usd(value)}</span>;
}

function GroupCard({ customer, groups }: { customer: CustomerDetail; groups: string[] }) {
  const t = useTranslations("admin-customers");
  const tc = useTranslations("common");
  const router = useRouter();
  const toast = useToast();
  const [group, setGroup] = useState(customer.group ?? "");
  const [isSaving, setIsSaving] = useState(false);
  const save = async () => {
    setIsSaving(true);
    const result = await requestJson("POST", `/api/admin/customers/${customer.id}/group`, { group: group || null });
    setIsSaving(false);
    if (!result.ok) return toast.show({ tone: "danger", message: result.message ?? tc("networkError") });
    toast.show({ tone: "success", message: group ? t("group.saved", { group }) : t("group.cleared") });
    router.refresh();
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("group.title")}</CardTitle>
      </CardHeader>
      <CardContent>
        {groups.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("group.none")}</p>
        ) : (
          <div className="flex gap-2">
            <label htmlFor="customer-group" className="sr-only">
              {t("group.title")}
            </label>
            <Select id="customer-group" value={group} onChange={(e) => setGroup(e.target.value)}>
              <option value="">{t("group.listPrice")}</option>
              {groups.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </Select>
            <Button variant="outline" onClick={() => void save()} isLoading={isSaving} disabled={group === (customer.group ?? "")}>
              {tc("save")}
            </Button>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function AdjustDialog({ customer, onClose }: { customer: CustomerDetail; onClose: () => void }) {
  const t = useTranslations("admin-customers");
  const tc = useTranslations("common");
  const router = useRouter();
  const toast = useToast();
  const [direction, setDirection] = useState<"add" | "remove">("add");
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const [requestKey] = useState(() => crypto.randomUUID());
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    // the direction is the radio's: a minus sign is refused, not dropped (an operator meaning to remove $5 added it)
    const amountError = usdInputError(amount);
    const { micros = 0n } = readUsdInput(amount, { max: MAX_OPERATOR_AMOUNT_MICROS });
    if (amountError) local.amount = t(`adjust.errors.${amountError.key}`, { max: amountError.max });
    else if (micros === 0n) local.amount = t("adjust.errors.amount");
    if (reason.trim().length < 3) local.reason = t("adjust.errors.reason");
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return;
    setIsSaving(true);
    const signed = formatUsdExact(direction === "remove" ? -micros : micros);
    const result = await requestJson("POST", `/api/admin/customers/${customer.id}/adjust`, { amount: signed, reason: reason.trim(), requestKey });
    setIsSaving(false);
    if (!result.ok) {
      setErrors(result.fieldErrors);
      return setFormError(result.message ?? tc("networkError"));
    }
    toast.show({ tone: "success", message: t(direction === "add" ? "adjust.added" : "adjust.removed", { amount: formatUsd(micros) }) });
    onClose();
    router.refresh();
  };
  return (
    <Dialog
      isOpen
      onClose={onClose}
      title={t("adjust.title", { email: customer.email })}
      description={t("adjust.description")}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {tc("cancel")}
          </Button>
          <Button type="submit" form="adjust-form" isLoading={isSaving} data-testid="adjust-save">
            {t("adjust.save")}
          </Button>
        </>
      }
    >
      <form method="post" id="adjust-form" onSubmit={submit} className="space-y-4" noValidate>
        {formError && <Alert tone="danger">{formError}</Alert>}
        <fieldset className="flex gap-4">
          <legend className="sr-only">{t("adjust.direction")}</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="direction" checked={direction === "add"} onChange={() => setDirection("add")} className="size-4 accent-brand-600" />
            {t("adjust.add")}
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="direction" checked={direction === "remove"} onChange={() => setDirection("remove")} className="size-4 accent-brand-600" />
            {t("adjust.remove")}
          </label>
        </fieldset>
        <Field id="adjust-amount" label={t("adjust.amount")} hint={direction === "add" ? t("adjust.addHint") : t("adjust.removeHint")} error={errors.amount}>
          <Input name="amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="10.00" />
        </Field>
        <Field id="adjust-reason" label={t("adjust.reason")} hint={t("adjust.reasonHint")} error={errors.reason}>
          <Textarea name="reason" value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={500} />
        </Field>
      </form>
    </Dialog>
  );
}

function StatusDialog({ customer, onClose }: { customer: CustomerDetail; onClose: () => void }) {
  const t = useTranslations("admin-customers");
  const tc = useTranslations("common");
  const router = useRouter();
  const toast = useToast();
  const isDisabling = customer.disabledAt === null;
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const submit = async () => {
    setIsSaving(true);
    const result = await requestJson<{ sessionsEnded: number }>("POST", `/api/admin/customers/${customer.id}/status`, { isDisabled: isDisabling, ...(reason.trim() ? { reason: reason.trim() } : {}) });
    setIsSaving(false);
    if (!result.ok) return setError(result.message ?? tc("networkError"));
    toast.show({ tone: isDisabling ? "info" : "success", message: isDisabling ? t("status.disabledToast", { sessions: result.data.sessionsEnded }) : t("status.enabledToast") });
    onClose();
    router.refresh();
  };
  return (
    <Dialog
      isOpen
      onClose={onClose}
      title={isDisabling ? t("status.disableTitle", { email: customer.email }) : t("status.enableTitle", { email: customer.email })}
      description={isDisabling ? t("status.disableBody", { keys: customer.keys.length }) : t("status.enableBody")}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {tc("cancel")}
          </Button>
          <Button variant={isDisabling ? "danger" : "primary"} onClick={() => void submit()} isLoading={isSaving} data-testid="status-confirm">
            {isDisabling ? t("status.disable") : t("status.enable")}
          </Button>
        </>
      }
    >
      {error && <Alert tone="danger" className="mb-3">{error}</Alert>}
      <Field id="status-reason" label={t("status.reason")}>
        <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
      </Field>
    </Dialog>
  );
}
