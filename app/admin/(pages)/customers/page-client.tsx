"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import { TimeZoneCookie } from "@/components/charts/time-zone-cookie";
import { DataTable, type DataTableColumnMeta } from "@/components/data-table/data-table";
import { useFormatters } from "@/components/data-table/use-formatters";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import type { CustomerRow } from "@/lib/admin/customers";
import { useSortLabels } from "../../_components/use-sort-labels";

export function CustomersPageClient({
  customers,
  query,
  isPaged,
  nextBefore,
  timeZone,
  now,
}: {
  customers: CustomerRow[];
  query: string;
  isPaged: boolean;
  nextBefore: string | null;
  timeZone: string;
  now: string;
}) {
  const t = useTranslations("admin-customers");
  const tc = useTranslations("admin-common");
  const router = useRouter();
  const format = useFormatters({ timeZone, now });
  const sortLabels = useSortLabels();
  const [sorting, setSorting] = useState<SortingState>([]);

  const columns = useMemo<ColumnDef<CustomerRow>[]>(
    () => [
      {
        id: "email",
        accessorKey: "email",
        header: t("columns.customer"),
        meta: { label: t("columns.customer") } satisfies DataTableColumnMeta,
        cell: ({ row }) => (
          <div className="min-w-48">
            <div className="flex items-center gap-2">
              <Link href={`/admin/customers/${row.original.id}`} className="font-medium text-zinc-900 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-zinc-100">
                {row.original.email}
              </Link>
              {row.original.isOperator && <Badge tone="brand">{t("operator")}</Badge>}
              {row.original.isDisabled && <Badge tone="danger">{t("disabled")}</Badge>}
            </div>
            <div className="text-xs text-zinc-500 dark:text-zinc-400">
              {[row.original.name, ...row.original.orgs].filter(Boolean).join(" · ") || t("noName")}
            </div>
          </div>
        ),
      },
      {
        id: "group",
        accessorFn: (c) => c.group ?? "",
        header: t("columns.group"),
        meta: { label: t("columns.group"), className: "hidden md:table-cell" } satisfies DataTableColumnMeta,
        cell: ({ row }) => (row.original.group ? <Badge tone="info">{row.original.group}</Badge> : <span className="text-xs text-zinc-400">{t("listPrice")}</span>),
      },
      {
        id: "balance",
        header: t("columns.balance"),
        accessorFn: (c) => Number(BigInt(c.paid) + BigInt(c.trial)),
        meta: { label: t("columns.balance"), align: "right" } satisfies DataTableColumnMeta,
        cell: ({ row }) => (
          <div className="text-xs">
            <div className="text-sm text-zinc-900 dark:text-zinc-100">{format.usd(BigInt(row.original.paid) + BigInt(row.original.trial))}</div>
            <div className="text-zinc-500 dark:text-zinc-400">{t("paidTrial", { paid: format.usd(row.original.paid), trial: format.usd(row.original.trial) })}</div>
          </div>
        ),
      },
      {
        id: "spend",
        header: t("columns.spend30d"),
        accessorFn: (c) => Number(c.spend30d),
        meta: { label: t("columns.spend30d"), align: "right", className: "hidden sm:table-cell" } satisfies DataTableColumnMeta,
        cell: ({ row }) => format.usd(row.original.spend30d),
      },
      {
        id: "keys",
        accessorKey: "keys",
        header: t("columns.keys"),
        meta: { label: t("columns.keys"), align: "right", className: "hidden lg:table-cell" } satisfies DataTableColumnMeta,
      },
      {
        id: "created",
        header: t("columns.created"),
        accessorFn: (c) => Date.parse(c.createdAt),
        meta: { label: t("columns.created"), className: "hidden lg:table-cell" } satisfies DataTableColumnMeta,
        cell: ({ row }) => <span title={format.dateTime(row.original.createdAt)}>{format.date(row.original.createdAt)}</span>,
      },
    ],
    [t, format],
  );
  const table = useReactTable({ data: customers, columns, state: { sorting }, onSortingChange: setSorting, getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel(), getRowId: (c) => c.id });

  return (
    <>
      <TimeZoneCookie renderedFor={timeZone} />
      <PageHeader title={t("title")} description={t("subtitle")} />
      <form method="get" action="/admin/customers" role="search" className="mb-4 flex flex-col gap-2 sm:flex-row sm:items-center">
        <label htmlFor="customer-q" className="sr-only">
          {t("searchLabel")}
        </label>
        <Input id="customer-q" name="q" type="search" defaultValue={query} placeholder={t("searchPlaceholder")} className="sm:max-w-sm" />
        <div className="flex gap-2">
          <Button type="submit" variant="outline">
            {t("search")}
          </Button>
          {query && (
            <Link href="/admin/customers" className={buttonClasses({ variant: "ghost" })}>
              {t("clear")}
            </Link>
          )}
        </div>
      </form>
      {customers.length === 0 ? (
        <EmptyState icon={<Icon name="users" />} title={query ? t("noMatch", { query }) : t("emptyTitle")} description={query ? t("noMatchHint") : t("emptyBody")} />
      ) : (
        <Card className="relative overflow-hidden">
          <DataTable
            table={table}
            caption={t("title")}
            sortLabels={sortLabels}
            onRowOpen={(customer) => router.push(`/admin/customers/${customer.id}`)}
            rowLabel={(customer) => t("openRow", { email: customer.email })}
          />
        </Card>
      )}
      {(isPaged || nextBefore) && (
        <div className="mt-4 flex justify-between">
          {isPaged ? (
            <Link href={query ? `/admin/customers?${new URLSearchParams({ q: query })}` : "/admin/customers"} className={buttonClasses({ variant: "outline", size: "sm" })}>
              {tc("previous")}
            </Link>
          ) : (
            <span />
          )}
          {nextBefore && (
            <Link href={`/admin/customers?${new URLSearchParams({ ...(query ? { q: query } : {}), before: nextBefore })}`} className={buttonClasses({ variant: "outline", size: "sm" })}>
              {tc("next")} →
            </Link>
          )}
        </div>
      )}
    </>
  );
}
