"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { getCoreRowModel, useReactTable, type ColumnDef } from "@tanstack/react-table";
import { TimeZoneCookie } from "@/components/charts/time-zone-cookie";
import { DataTable, type DataTableColumnMeta } from "@/components/data-table/data-table";
import { Drawer } from "@/components/data-table/drawer";
import { useFormatters } from "@/components/data-table/use-formatters";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { Input, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { AUDIT_AREAS } from "@/lib/admin/constants";
import type { AuditEntry } from "@/lib/admin/audit-log";
import { summarizeAuditDetails } from "@/lib/audit/summarize-details";
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

  const columns = useMemo<ColumnDef<AuditEntry>[]>(
    () => [
      {
        id: "when",
        header: t("columns.when"),
        enableSorting: false,
        cell: ({ row }) => (
          <time dateTime={row.original.createdAt} title={format.dateTime(row.original.createdAt)} className="text-xs tabular-nums">
            {format.dateTime(row.original.createdAt)}
          </time>
        ),
      },
      {
        id: "actor",
        header: t("columns.actor"),
        enableSorting: false,
        cell: ({ row }) => (
          <div className="text-xs">
            <div className="text-zinc-900 dark:text-zinc-100">{row.original.actorEmail ?? t(`actorKinds.${row.original.actorKind}`)}</div>
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
              {t.has(`actions.${row.original.action.replace(".", "_")}`) ? t(`actions.${row.original.action.replace(".", "_")}`) : row.original.action}
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
            <div className="max-w-56 text-xs">
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
        cell: ({ row }) => <span className="block max-w-48 truncate font-mono text-xs text-zinc-500 dark:text-zinc-400">{summarizeAuditDetails(row.original.action, row.original.details)}</span>,
      },
    ],
    [t, format],
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
      <form method="get" action="/admin/audit" className="mb-4 grid gap-2 sm:grid-cols-2 lg:grid-cols-[10rem_1fr_1fr_1fr_9rem_9rem_auto]" aria-label={t("filters")}>
        <label className="sr-only" htmlFor="audit-area">
          {t("area")}
        </label>
        <Select id="audit-area" name="area" defaultValue={query.area ?? ""}>
          <option value="">{t("allAreas")}</option>
          {AUDIT_AREAS.map((area) => (
            <option key={area} value={area}>
              {t(`areas.${area}`)}
            </option>
          ))}
        </Select>
        <label className="sr-only" htmlFor="audit-action">
          {t("action")}
        </label>
        <Input id="audit-action" name="action" defaultValue={query.action ?? ""} placeholder={t("actionPlaceholder")} list="audit-actions" />
        <datalist id="audit-actions">
          {actions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <label className="sr-only" htmlFor="audit-actor">
          {t("actor")}
        </label>
        <Input id="audit-actor" name="actor" defaultValue={query.actor ?? ""} placeholder={t("actorPlaceholder")} />
        <label className="sr-only" htmlFor="audit-target">
          {t("target")}
        </label>
        <Input id="audit-target" name="target" defaultValue={query.target ?? ""} placeholder={t("targetPlaceholder")} />
        <label className="sr-only" htmlFor="audit-from">
          {t("from")}
        </label>
        <Input id="audit-from" name="from" type="date" defaultValue={query.from ?? ""} title={t("from")} />
        <label className="sr-only" htmlFor="audit-to">
          {t("to")}
        </label>
        <Input id="audit-to" name="to" type="date" defaultValue={query.to ?? ""} title={t("to")} />
        <div className="flex gap-2">
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
          <DataTable table={table} caption={t("title")} sortLabels={sortLabels} onRowOpen={setOpen} rowLabel={(e) => t("openRow", { action: e.action })} />
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
      <Drawer isOpen={open !== null} onClose={() => setOpen(null)} title={open?.action ?? ""}>
        {open && (
          <dl className="space-y-3 text-sm">
            {[
              [t("columns.when"), format.dateTime(open.createdAt)],
              [t("columns.actor"), `${open.actorEmail ?? "—"} (${t(`actorKinds.${open.actorKind}`)})`],
              [t("ip"), open.ip ?? "—"],
              [t("columns.target"), `${open.targetType} ${open.targetLabel ?? ""} ${open.targetId ?? ""}`.trim()],
            ].map(([label, value]) => (
              <div key={label}>
                <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
                <dd className="break-all">{value}</dd>
              </div>
            ))}
            <div>
              <dt className="text-xs text-zinc-500 dark:text-zinc-400">{t("columns.details")}</dt>
              <dd>
                <pre className="mt-1 overflow-x-auto rounded-md bg-zinc-100 p-3 text-xs dark:bg-zinc-800">{JSON.stringify(open.details ?? null, null, 2)}</pre>
              </dd>
            </div>
          </dl>
        )}
      </Drawer>
    </>
  );
}

