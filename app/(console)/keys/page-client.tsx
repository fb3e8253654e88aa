"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import {
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type ColumnFiltersState,
  type FilterFn,
  type SortingState,
} from "@tanstack/react-table";
import { TimeZoneCookie } from "@/components/charts/time-zone-cookie";
import { DataTable, type DataTableColumnMeta } from "@/components/data-table/data-table";
import { requestJson } from "@/components/data-table/request-json";
import { useFormatters } from "@/components/data-table/use-formatters";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Dropdown, DropdownItem, DropdownSeparator } from "@/components/ui/dropdown";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { Input, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { useToast } from "@/components/ui/toast";
import { KEY_STATUSES, type KeyStatus } from "@/lib/keys/key-status";
import type { ApiKeySummary } from "@/lib/keys/list-api-keys";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { KeyFormDialog, type CreatedSecret } from "./key-form-dialog";
import { SecretDialog } from "./secret-dialog";

const STATUS_TONE: Record<KeyStatus, BadgeTone> = { active: "success", disabled: "neutral", expired: "warning", exhausted: "danger" };

const textFilter: FilterFn<ApiKeySummary> = (row, _columnId, value: string) => {
  const needle = value.trim().toLowerCase();
  if (!needle) return true;
  const { name, masked } = row.original;
  return name.toLowerCase().includes(needle) || masked.toLowerCase().includes(needle) || masked.replace("…", "").toLowerCase().includes(needle.replace("…", "").replace("...", ""));
};

type Pending = { kind: "rotate" | "delete"; key: ApiKeySummary } | null;

export function KeysPageClient({
  keys,
  modelIds,
  origin,
  timeZone,
  now,
}: {
  keys: ApiKeySummary[];
  modelIds: string[];
  origin: string;
  timeZone: string;
  now: string;
}) {
  const t = useTranslations("keys");
  const tc = useTranslations("common");
  const router = useRouter();
  const toast = useToast();
  const format = useFormatters({ timeZone, now });
  const [sorting, setSorting] = useState<SortingState>([]);
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<KeyStatus | "">("");
  const [formKey, setFormKey] = useState<{ editing: ApiKeySummary | null; nonce: number } | null>(null);
  const [secret, setSecret] = useState<{ value: string; isRotated: boolean } | null>(null);
  const [pending, setPending] = useState<Pending>(null);

  const columnFilters = useMemo<ColumnFiltersState>(
    () => [
      ...(search ? [{ id: "name", value: search }] : []),
      ...(status ? [{ id: "status", value: status }] : []),
    ],
    [search, status],
  );

  const toggleEnabled = async (key: ApiKeySummary) => {
    const result = await requestJson("POST", `/api/keys/${key.id}/status`, { isEnabled: !key.isEnabled });
    if (!result.ok) return toast.show({ tone: "danger", message: result.message ?? tc("networkError") });
    toast.show({ message: key.isEnabled ? t("toast.disabled") : t("toast.enabled") });
    router.refresh();
  };

  const columns = useMemo<ColumnDef<ApiKeySummary>[]>(
    () => [
      {
        id: "name",
        accessorKey: "name",
        header: t("columns.name"),
        filterFn: textFilter,
        meta: { label: t("columns.name") } satisfies DataTableColumnMeta,
        cell: ({ row }) => (
          <div className="max-w-44 min-w-28" title={t("cell.created", { date: format.date(row.original.createdAt) })}>
            <div className="truncate font-medium text-zinc-900 dark:text-zinc-100" title={row.original.name}>
              {row.original.name}
            </div>
            <code className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{row.original.masked}</code>
          </div>
        ),
      },
      {
        id: "status",
        accessorKey: "status",
        header: t("columns.status"),
        filterFn: "equals",
        sortingFn: (a, b) => KEY_STATUSES.indexOf(a.original.status) - KEY_STATUSES.indexOf(b.original.status),
        meta: { label: t("columns.status") } satisfies DataTableColumnMeta,
        cell: ({ row }) => (
          <div>
            <Badge tone={STATUS_TONE[row.original.status]} data-status={row.original.status}>
              {t(`status.${row.original.status}`)}
            </Badge>
            {/* the Expires column shows only on wide screens; narrower ones keep the date here */}
            {row.original.expiresAt && (
              <div className="mt-0.5 text-xs text-zinc-500 2xl:hidden dark:text-zinc-400" title={format.dateTime(row.original.expiresAt)}>
                {t("columns.expires")} {format.date(row.original.expiresAt)}
              </div>
            )}
          </div>
        ),
      },
      {
        id: "cap",
        header: t("columns.cap"),
        accessorFn: (key) => Number(BigInt(key.spent)),
        meta: { label: t("columns.cap") } satisfies DataTableColumnMeta,
        cell: ({ row }) => {
          const cap = BigInt(row.original.creditCap);
          const spent = BigInt(row.original.spent);
          if (cap === 0n) {
            return (
              <div className="text-xs">
                <div className="text-zinc-900 tabular-nums dark:text-zinc-100">{t("cell.used", { used: format.usd(spent) })}</div>
                <div className="text-zinc-500 dark:text-zinc-400">{t("cell.unlimited")}</div>
              </div>
            );
          }
          const percent = Number((spent * 1000n) / cap) / 10;
          return (
            <div className="w-32 text-xs">
              <div className="text-zinc-900 tabular-nums dark:text-zinc-100">{t("cell.usedOfCap", { used: format.usd(spent), cap: format.usd(cap) })}</div>
              <div className="mt-1 h-1.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.min(100, Math.round(percent))}>
                <div className={percent >= 90 ? "h-full bg-red-500" : percent >= 70 ? "h-full bg-amber-500" : "h-full bg-brand-500"} style={{ width: `${Math.min(100, percent)}%` }} />
              </div>
            </div>
          );
        },
      },
      {
        id: "models",
        header: t("columns.models"),
        enableSorting: false,
        meta: { className: "hidden xl:table-cell" } satisfies DataTableColumnMeta,
        cell: ({ row }) => {
          const models = row.original.allowedModels;
          if (models.length === 0) return <span className="text-zinc-500 dark:text-zinc-400">{t("cell.allModels")}</span>;
          return (
            <div className="flex max-w-44 flex-wrap gap-1" title={models.join(", ")}>
              {models.slice(0, 2).map((model) => (
                <span key={model} className="max-w-full truncate rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs dark:bg-zinc-800">
                  {model}
                </span>
              ))}
              {models.length > 2 && <span className="text-xs text-zinc-500">{t("cell.moreModels", { count: models.length - 2 })}</span>}
            </div>
          );
        },
      },
      {
        id: "expires",
        header: t("columns.expires"),
        accessorFn: (key) => (key.expiresAt ? Date.parse(key.expiresAt) : Number.MAX_SAFE_INTEGER),
        meta: { label: t("columns.expires"), className: "hidden 2xl:table-cell" } satisfies DataTableColumnMeta,
        cell: ({ row }) =>
          row.original.expiresAt ? (
            <span className={row.original.status === "expired" ? "text-amber-700 dark:text-amber-400" : undefined} title={format.dateTime(row.original.expiresAt)}>
              {format.date(row.original.expiresAt)}
            </span>
          ) : (
            <span className="text-zinc-500 dark:text-zinc-400">{t("cell.never")}</span>
          ),
      },
      {
        id: "ips",
        header: t("columns.ips"),
        enableSorting: false,
        meta: { className: "hidden 2xl:table-cell" } satisfies DataTableColumnMeta,
        cell: ({ row }) => {
          const ips = row.original.allowedIps;
          if (ips.length === 0) return <span className="text-zinc-500 dark:text-zinc-400">{t("cell.anyIp")}</span>;
          return (
            <span className="font-mono text-xs" title={ips.join("\n")}>
              {ips.length === 1 ? ips[0] : t("cell.ipCount", { count: ips.length })}
            </span>
          );
        },
      },
      {
        id: "lastUsed",
        header: t("columns.lastUsed"),
        accessorFn: (key) => (key.lastUsedAt ? Date.parse(key.lastUsedAt) : 0),
        meta: { label: t("columns.lastUsed") } satisfies DataTableColumnMeta,
        cell: ({ row }) =>
          row.original.lastUsedAt ? (
            <span title={format.dateTime(row.original.lastUsedAt)}>{format.relative(row.original.lastUsedAt)}</span>
          ) : (
            <span className="text-zinc-500 dark:text-zinc-400">{t("cell.neverUsed")}</span>
          ),
      },
      {
        id: "spend",
        header: t("columns.spend"),
        accessorFn: (key) => Number(BigInt(key.spend30d)),
        meta: { align: "right", label: t("columns.spend") } satisfies DataTableColumnMeta,
        cell: ({ row }) => (
          <div>
            <div className="text-zinc-900 dark:text-zinc-100">{format.usd(row.original.spend30d)}</div>
            <div className="text-xs text-zinc-500 dark:text-zinc-400">{t("cell.requests", { count: row.original.requests30d })}</div>
          </div>
        ),
      },
      {
        id: "actions",
        header: () => <span className="sr-only">{t("columns.actions")}</span>,
        enableSorting: false,
        meta: { align: "right", isPinned: true } satisfies DataTableColumnMeta,
        cell: ({ row }) => {
          const key = row.original;
          return (
            <Dropdown
              triggerLabel={t("actions.menu", { name: key.name })}
              triggerClassName={buttonClasses({ variant: "ghost", size: "icon", className: "size-8" })}
              trigger={
                <svg className="size-4" viewBox="0 0 24 24" fill="currentColor" aria-hidden>
                  <circle cx="5" cy="12" r="1.8" />
                  <circle cx="12" cy="12" r="1.8" />
                  <circle cx="19" cy="12" r="1.8" />
                </svg>
              }
            >
              <DropdownItem href={`/usage?key=${key.id}`}>{t("actions.viewUsage")}</DropdownItem>
              <DropdownItem onSelect={() => setFormKey({ editing: key, nonce: Date.now() })}>{t("actions.edit")}</DropdownItem>
              <DropdownItem onSelect={() => void toggleEnabled(key)}>{key.isEnabled ? t("actions.disable") : t("actions.enable")}</DropdownItem>
              <DropdownItem onSelect={() => setPending({ kind: "rotate", key })}>{t("actions.rotate")}</DropdownItem>
              <DropdownSeparator />
              <DropdownItem isDanger onSelect={() => setPending({ kind: "delete", key })}>
                {t("actions.delete")}
              </DropdownItem>
            </Dropdown>
          );
        },
      },
    ],
    [t, format],
  );

  const table = useReactTable({
    data: keys,
    columns,
    state: { sorting, columnFilters },
    onSortingChange: setSorting,
    getRowId: (key) => key.id,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  });

  const shownCount = table.getRowModel().rows.length;
  const isFiltered = search !== "" || status !== "";

  return (
    <div>
      <TimeZoneCookie renderedFor={timeZone} />
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Button onClick={() => setFormKey({ editing: null, nonce: Date.now() })}>
            <svg className="size-4" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden>
              <path d="M12 5v14M5 12h14" />
            </svg>
            {t("create")}
          </Button>
        }
      />

      <Card className="mb-6 p-4">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
          <div className="min-w-0">
            <p className="text-sm font-medium text-zinc-900 dark:text-zinc-100">{t("baseUrls.title")}</p>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("baseUrls.hint", { openai: "/v1" })}</p>
          </div>
          <Link href="/docs" className={buttonClasses({ variant: "ghost", size: "sm" })}>
            <Icon name="book" />
            {t("baseUrls.guides")}
          </Link>
        </div>
        <dl className="mt-3 grid gap-3 sm:grid-cols-2">
          {[
            { label: t("baseUrls.openai"), value: `${origin}/v1` },
            { label: t("baseUrls.anthropic"), value: origin },
          ].map((item) => (
            <div key={item.label} className="flex min-w-0 items-center gap-2 rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2 dark:border-zinc-800 dark:bg-zinc-950/40">
              <div className="min-w-0 flex-1">
                <dt className="text-xs text-zinc-500 dark:text-zinc-400">{item.label}</dt>
                <dd className="truncate font-mono text-sm text-zinc-900 dark:text-zinc-100">{item.value}</dd>
              </div>
              <CopyButton value={item.value} isIconOnly variant="ghost" />
            </div>
          ))}
        </dl>
      </Card>

      {keys.length === 0 ? (
        <EmptyState
          icon={<Icon name="key" />}
          title={t("empty.title")}
          description={t("empty.description")}
          action={<Button onClick={() => setFormKey({ editing: null, nonce: Date.now() })}>{t("create")}</Button>}
        />
      ) : (
        <>
          <div className="mb-3 flex flex-col gap-2 sm:flex-row sm:items-center">
            <label className="sr-only" htmlFor="keys-search">
              {t("toolbar.search")}
            </label>
            <Input id="keys-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t("toolbar.searchPlaceholder")} className="sm:max-w-64" />
            <label className="sr-only" htmlFor="keys-status">
              {t("toolbar.status")}
            </label>
            <Select id="keys-status" value={status} onChange={(e) => setStatus(e.target.value as KeyStatus | "")} className="sm:max-w-48">
              <option value="">{t("toolbar.allStatuses")}</option>
              {KEY_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </Select>
            {isFiltered && (
              <Button variant="ghost" size="sm" onClick={() => { setSearch(""); setStatus(""); }}>
                {t("toolbar.clear")}
              </Button>
            )}
            <p className="text-xs text-zinc-500 sm:ml-auto dark:text-zinc-400" aria-live="polite">
              {t("toolbar.count", { shown: shownCount, total: keys.length })}
            </p>
          </div>
          {shownCount === 0 ? (
            <EmptyState title={t("empty.filteredTitle")} description={t("empty.filteredDescription")} />
          ) : (
            <DataTable
              table={table}
              isCompact
              caption={t("title")}
              sortLabels={{ ascending: t("sort.ascending"), descending: t("sort.descending"), by: (column) => t("sort.by", { column }) }}
            />
          )}
        </>
      )}

      {formKey && (
        <KeyFormDialog
          key={formKey.nonce}
          isOpen
          editing={formKey.editing}
          modelIds={modelIds}
          onClose={() => setFormKey(null)}
          onCreated={(created: CreatedSecret) => {
            setFormKey(null);
            setSecret({ value: created.secret, isRotated: false });
            toast.show({ message: t("toast.created") });
            router.refresh();
          }}
          onSaved={() => {
            setFormKey(null);
            toast.show({ message: t("toast.updated") });
            router.refresh();
          }}
        />
      )}

      <SecretDialog secret={secret?.value ?? null} isRotated={secret?.isRotated ?? false} origin={origin} onClose={() => setSecret(null)} />

      {pending && (
        <ConfirmDialog
          key={`${pending.kind}-${pending.key.id}`}
          isOpen
          isDanger={pending.kind === "delete"}
          title={pending.kind === "rotate" ? t("rotate.title", { name: pending.key.name }) : t("delete.title", { name: pending.key.name })}
          description={pending.kind === "rotate" ? t("rotate.description") : t("delete.description")}
          confirmLabel={pending.kind === "rotate" ? t("rotate.confirm") : t("delete.confirm")}
          onClose={() => setPending(null)}
          onConfirm={async () => {
            const { kind, key } = pending;
            const result =
              kind === "rotate"
                ? await requestJson<{ key: CreatedSecret }>("POST", `/api/keys/${key.id}/rotate`)
                : await requestJson("DELETE", `/api/keys/${key.id}`);
            if (!result.ok) return result.status === 404 ? t("errors.notFound") : (result.message ?? tc("networkError"));
            setPending(null);
            if (kind === "rotate") {
              setSecret({ value: (result.data as { key: CreatedSecret }).key.secret, isRotated: true });
              toast.show({ message: t("toast.rotated") });
            } else {
              toast.show({ message: t("toast.deleted") });
            }
            router.refresh();
            return null;
          }}
        />
      )}
    </div>
  );
}
