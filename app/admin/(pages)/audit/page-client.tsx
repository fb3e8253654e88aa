"use client";

import { useCallback, useMemo, useState } from "react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { getCoreRowModel, useReactTable, type ColumnDef } from "@tanstack/react-table";
import { TimeZoneCookie } from "@/components/charts/time-zone-cookie";
import { DataTable, type DataTableColumnMeta } from "@/components/data-table/data-table";
import { Drawer } from "@/components/data-table/drawer";
import { useFormatters, type Formatters } from "@/components/data-table/use-formatters";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Icon } from "@/components/ui/icon";
import { Input, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { AUDIT_AREAS } from "@/lib/admin/constants";
import type { AuditEntry } from "@/lib/admin/audit-log";
import { auditDetailFields, summarizeAuditDetails } from "@/lib/audit/summarize-details";
import { useSortLabels } from "../../_components/use-sort-labels";

const AREA_TONE: Record<string, BadgeTone> = { wallet: "success", refund: "warning", topup: "success", dispute: "danger", price: "brand", model: "brand", group: "brand", settings: "brand", channel: "info", key: "neutral", user: "neutral", org: "neutral", member: "neutral", invitation: "neutral", ledger: "neutral" };

export function AuditPageClient({
  entries,
  nextBefore,
  isPaged,
  query,
  actions,
  timeZone,
  now,
}: {
  entries: AuditEntry[];
  nextBefore: string | null;
  isPaged: boolean;
  query: Record<string, string>;
  actions: string[];
  timeZone: string;
  now: string;
}) {
  const t = useTranslations("admin-audit");
  const tc = useTranslations("admin-common");
  const format = useFormatters({ timeZone, now });
  const sortLabels = useSortLabels();
  const [open, setOpen] = useState<AuditEntry | null>(null);
  const hasFilter = Object.keys(query).length > 0;
  const actionLabel = useCallback((action: string) => (t.has(`actions.${action.replace(".", "_")}`) ? t(`actions.${action.replace(".", "_")}`) : action), [t]);

  const columns = useMemo<ColumnDef<AuditEntry>[]>(
    () => [
      {
        id: "when",
        header: t("columns.when"),
        enableSorting: false,
        cell: ({ row }) => (
          <time dateTime={row.original.createdAt} title={format.dateTime(row.original.createdAt)} className="text-xs tabular-nums">
            {format.shortDateTime(row.original.createdAt)}
          </time>
        ),
      },
      {
        id: "actor",
        header: t("columns.actor"),
        enableSorting: false,
        cell: ({ row }) => (
          <div className="max-w-48 text-xs">
            <div className="truncate text-zinc-900 dark:text-zinc-100" title={row.original.actorEmail ?? undefined}>
              {row.original.actorEmail ?? t(`actorKinds.${row.original.actorKind}`)}
            </div>
            {row.original.actorEmail && <div className="text-zinc-500 dark:text-zinc-400">{t(`actorKinds.${row.original.actorKind}`)}</div>}
          </div>
        ),
      },
      {
        id: "action",
        header: t("columns.action"),
        enableSorting: false,
        cell: ({ row }) => {
          const area = row.original.action.split(".")[0];
          return (
            <Badge tone={AREA_TONE[area] ?? "neutral"} data-action={row.original.action}>
              {actionLabel(row.original.action)}
            </Badge>
          );
        },
      },
      {
        id: "target",
        header: t("columns.target"),
        enableSorting: false,
        cell: ({ row }) => {
          const e = row.original;
          const label = e.targetLabel ?? e.targetId ?? "";
          return (
            <div className="max-w-48 text-xs">
              <div className="text-zinc-500 dark:text-zinc-400">{e.targetType}</div>
              {e.targetType === "user" && e.targetId ? (
                <Link href={`/admin/customers/${e.targetId}`} className="block truncate text-zinc-900 hover:underline dark:text-zinc-100">
                  {label}
                </Link>
              ) : (
                <div className="truncate text-zinc-900 dark:text-zinc-100" title={label}>
                  {label}
                </div>
              )}
            </div>
          );
        },
      },
      {
        id: "details",
        header: t("columns.details"),
        enableSorting: false,
        meta: { className: "hidden xl:table-cell" } satisfies DataTableColumnMeta,
        cell: ({ row }) => {
          const summary = summarizeAuditDetails(row.original.action, row.original.details);
          // two lines at most, the amount and the reason first (lib/audit/summarize-details)
          return (
            <span className="line-clamp-2 max-w-md min-w-40 font-mono text-xs whitespace-normal wrap-anywhere text-zinc-500 dark:text-zinc-400" title={summary}>
              {summary}
            </span>
          );
        },
      },
    ],
    [t, format, actionLabel],
  );
  const table = useReactTable({ data: entries, columns, getCoreRowModel: getCoreRowModel(), getRowId: (e) => e.id });
  const exportHref = `/api/admin/audit/export${hasFilter ? `?${new URLSearchParams(query)}` : ""}`;

  return (
    <>
      <TimeZoneCookie renderedFor={timeZone} />
      <PageHeader
        title={t("title")}
        description={t("subtitle")}
        actions={
          <a href={exportHref} className={buttonClasses({ variant: "outline" })} download data-testid="audit-export">
            {t("export")}
          </a>
        }
      />
      {/* visible labels: on a phone the two date boxes otherwise read as the same "mm/dd/yyyy" twice */}
      <form method="get" action="/admin/audit" className="mb-4 grid grid-cols-2 items-end gap-x-2 gap-y-3 lg:grid-cols-[10rem_1fr_1fr_1fr_9.5rem_9.5rem_auto]" aria-label={t("filters")}>
        <Field id="audit-area" label={t("area")} className="col-span-2 sm:col-span-1">
          <Select name="area" defaultValue={query.area ?? ""}>
            <option value="">{t("allAreas")}</option>
            {AUDIT_AREAS.map((area) => (
              <option key={area} value={area}>
                {t(`areas.${area}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="audit-action" label={t("action")} className="col-span-2 sm:col-span-1">
          <Input name="action" defaultValue={query.action ?? ""} placeholder={t("actionPlaceholder")} list="audit-actions" />
        </Field>
        <datalist id="audit-actions">
          {actions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <Field id="audit-actor" label={t("actor")} className="col-span-2 sm:col-span-1">
          <Input name="actor" defaultValue={query.actor ?? ""} placeholder={t("actorPlaceholder")} />
        </Field>
        <Field id="audit-target" label={t("target")} className="col-span-2 sm:col-span-1">
          <Input name="target" defaultValue={query.target ?? ""} placeholder={t("targetPlaceholder")} />
        </Field>
        <Field id="audit-from" label={t("from")} className="min-w-0">
          <Input name="from" type="date" defaultValue={query.from ?? ""} />
        </Field>
        <Field id="audit-to" label={t("to")} className="min-w-0">
          <Input name="to" type="date" defaultValue={query.to ?? ""} />
        </Field>
        <div className="col-span-2 flex gap-2 lg:col-span-1">
          <Button type="submit" variant="outline">
            {t("filter")}
          </Button>
          {hasFilter && (
            <Link href="/admin/audit" className={buttonClasses({ variant: "ghost" })}>
              {t("clear")}
            </Link>
          )}
        </div>
      </form>
      {entries.length === 0 ? (
        <EmptyState icon={<Icon name="scroll" />} title={hasFilter ? t("noMatch") : t("emptyTitle")} description={hasFilter ? t("noMatchHint") : t("emptyBody")} />
      ) : (
        <Card className="relative overflow-hidden">
          <DataTable table={table} caption={t("title")} sortLabels={sortLabels} isCompact onRowOpen={setOpen} rowLabel={(e) => t("openRow", { action: actionLabel(e.action) })} />
        </Card>
      )}
      {(isPaged || nextBefore) && (
        <div className="mt-4 flex justify-between">
          {isPaged ? (
            <Link href={hasFilter ? `/admin/audit?${new URLSearchParams(query)}` : "/admin/audit"} className={buttonClasses({ variant: "outline", size: "sm" })}>
              {tc("previous")}
            </Link>
          ) : (
            <span />
          )}
          {nextBefore && (
            <Link href={`/admin/audit?${new URLSearchParams({ ...query, before: nextBefore })}`} className={buttonClasses({ variant: "outline", size: "sm" })}>
              {tc("next")} →
            </Link>
          )}
        </div>
      )}
      <Drawer isOpen={open !== null} onClose={() => setOpen(null)} title={open ? actionLabel(open.action) : ""}>
        {open && <AuditEntryDetails entry={open} format={format} />}
      </Drawer>
    </>
  );
}

/** The open entry: who, when, on what, then each field of its details (money as dollars, long ids wrapped), then the raw JSON. */
function AuditEntryDetails({ entry, format }: { entry: AuditEntry; format: Formatters }) {
  const t = useTranslations("admin-audit");
  const fields = auditDetailFields(entry.action, entry.details);
  const rows: [string, string][] = [
    [t("columns.when"), format.dateTime(entry.createdAt)],
    [t("columns.actor"), `${entry.actorEmail ?? "—"} (${t(`actorKinds.${entry.actorKind}`)})`],
    [t("ip"), entry.ip ?? "—"],
    [t("columns.target"), `${entry.targetType} ${entry.targetLabel ?? ""} ${entry.targetId ?? ""}`.trim()],
  ];
  return (
    <div className="space-y-5 text-sm" data-testid="audit-entry">
      <p className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{entry.action}</p>
      <dl className="space-y-3">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
            <dd className="break-all">{value}</dd>
          </div>
        ))}
      </dl>
      {fields.length > 0 && (
        <section>
          <h3 className="mb-2 text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{t("columns.details")}</h3>
          <dl className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" data-testid="audit-fields">
            {fields.map(({ field, value, isMoney }) => (
              <div key={field} className="grid grid-cols-[minmax(0,8rem)_minmax(0,1fr)] gap-3 px-3 py-2">
                <dt className="truncate font-mono text-xs text-zinc-500 dark:text-zinc-400" title={field}>
                  {field}
                </dt>
                <dd className={isMoney ? "tabular-nums" : "break-all whitespace-pre-wrap"} data-field={field}>
                  {value}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      <details className="text-xs">
        <summary className="cursor-pointer text-zinc-500 hover:text-zinc-700 dark:text-zinc-400 dark:hover:text-zinc-200">{t("rawJson")}</summary>
        <pre className="mt-2 rounded-md bg-zinc-100 p-3 break-all whitespace-pre-wrap dark:bg-zinc-800">{JSON.stringify(entry.details ?? null, null, 2)}</pre>
      </details>
    </div>
  );
}
