"use client";

import { useEffect, useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { getCoreRowModel, getFilteredRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import { TimeZoneCookie } from "@/components/charts/time-zone-cookie";
import { DataTable, type DataTableColumnMeta } from "@/components/data-table/data-table";
import { Drawer } from "@/components/data-table/drawer";
import { requestJson } from "@/components/data-table/request-json";
import { useFormatters, type Formatters } from "@/components/data-table/use-formatters";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dropdown, DropdownItem } from "@/components/ui/dropdown";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { SCRIPT_FORM_METHOD } from "@/components/ui/form-method";
import { Icon } from "@/components/ui/icon";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Spinner } from "@/components/ui/spinner";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import type { AdminGroup, AdminModel, PriceVersion } from "@/lib/admin/catalog";
import { microsToInput, multiplierLabel, usdInputError } from "../../_components/money";
import { useSortLabels } from "../../_components/use-sort-labels";
import { ModelFormDialog } from "./model-form-dialog";
import { PriceFormDialog } from "./price-form-dialog";

export function ModelsPageClient({ models, groups, trialCredit, timeZone, now }: { models: AdminModel[]; groups: AdminGroup[]; trialCredit: string; timeZone: string; now: string }) {
  const t = useTranslations("admin-models");
  const tc = useTranslations("common");
  const router = useRouter();
  const toast = useToast();
  const format = useFormatters({ timeZone, now });
  const sortLabels = useSortLabels();
  const [sorting, setSorting] = useState<SortingState>([]);
  const [search, setSearch] = useState("");
  const [modelForm, setModelForm] = useState<{ editing: AdminModel | null; nonce: number } | null>(null);
  const [priceFor, setPriceFor] = useState<AdminModel | null>(null);
  const [historyFor, setHistoryFor] = useState<AdminModel | null>(null);

  const setVisible = async (model: AdminModel, isVisible: boolean) => {
    const result = await requestJson("PATCH", `/api/admin/models/${encodeURIComponent(model.id)}`, { isVisible });
    if (!result.ok) return toast.show({ tone: "danger", message: result.message ?? tc("networkError") });
    toast.show({ message: isVisible ? t("toast.shown", { model: model.id }) : t("toast.hidden", { model: model.id }) });
    router.refresh();
  };

  const columns = useMemo<ColumnDef<AdminModel>[]>(() => {
    const price = (pick: (m: AdminModel) => string | null | undefined, fallback?: string) => (m: AdminModel) => {
      const value = m.price ? pick(m) : undefined;
      if (value === undefined) return <span className="text-zinc-400">—</span>;
      if (value === null) return <span className="text-xs text-zinc-500 dark:text-zinc-400">{fallback}</span>;
      return <span className="tabular-nums">{format.usd(value)}</span>;
    };
    return [
      {
        id: "id",
        accessorKey: "id",
        header: t("columns.model"),
        filterFn: (row, _id, value: string) => `${row.original.id} ${row.original.vendor} ${row.original.displayName ?? ""}`.toLowerCase().includes(value.toLowerCase()),
        meta: { label: t("columns.model") } satisfies DataTableColumnMeta,
        cell: ({ row }) => (
          <div className="min-w-44">
            <div className="flex items-center gap-2">
              <span className="font-mono text-sm font-medium text-zinc-900 dark:text-zinc-100">{row.original.id}</span>
              {!row.original.isVisible && <Badge tone="neutral">{t("hidden")}</Badge>}
            </div>
            <div className="text-xs whitespace-normal text-zinc-500 dark:text-zinc-400">
              {row.original.vendor} · {t(`kinds.${row.original.kind}`)}
              {/* the Context column shows only on wide screens */}
              <span className="2xl:hidden"> · {format.compact(row.original.contextWindow)}</span>
              {row.original.channels === 0 && <span className="whitespace-nowrap text-amber-700 dark:text-amber-400"> · {t("noChannel")}</span>}
            </div>
          </div>
        ),
      },
      {
        id: "context",
        accessorKey: "contextWindow",
        header: t("columns.context"),
        meta: { label: t("columns.context"), align: "right", className: "hidden 2xl:table-cell" } satisfies DataTableColumnMeta,
        cell: ({ row }) => (
          <div className="text-xs">
            <div className="tabular-nums">{format.compact(row.original.contextWindow)}</div>
            <div className="text-zinc-500 dark:text-zinc-400">{row.original.modalities.map((m) => (t.has(`modalities.${m}`) ? t(`modalities.${m}`) : m)).join(", ")}</div>
          </div>
        ),
      },
      { id: "input", header: t("columns.input"), accessorFn: (m) => Number(m.price?.inputPerM ?? -1), meta: { label: t("columns.input"), align: "right" } satisfies DataTableColumnMeta, cell: ({ row }) => price((m) => m.price?.inputPerM)(row.original) },
      { id: "output", header: t("columns.output"), accessorFn: (m) => Number(m.price?.outputPerM ?? -1), meta: { label: t("columns.output"), align: "right", className: "hidden sm:table-cell" } satisfies DataTableColumnMeta, cell: ({ row }) => price((m) => m.price?.outputPerM)(row.original) },
      {
        id: "cacheRead",
        header: t("columns.cacheRead"),
        enableSorting: false,
        meta: { align: "right", className: "hidden xl:table-cell" } satisfies DataTableColumnMeta,
        cell: ({ row }) => price((m) => m.price?.cacheReadPerM ?? null, t("asInput"))(row.original),
      },
      {
        id: "cacheWrite",
        header: t("columns.cacheWrite"),
        enableSorting: false,
        meta: { align: "right", className: "hidden xl:table-cell" } satisfies DataTableColumnMeta,
        cell: ({ row }) => price((m) => m.price?.cacheWritePerM ?? null, t("asInput"))(row.original),
      },
      {
        id: "versions",
        header: t("columns.versions"),
        accessorKey: "versions",
        meta: { label: t("columns.versions"), align: "right", className: "hidden lg:table-cell" } satisfies DataTableColumnMeta,
        cell: ({ row }) => (
          <div className="text-xs">
            <button type="button" className="text-brand-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-400" onClick={() => setHistoryFor(row.original)}>
              {t("versionCount", { count: row.original.versions })}
            </button>
            {row.original.scheduled && <div className="text-amber-700 dark:text-amber-400">{t("scheduled", { at: format.dateTime(row.original.scheduled.effectiveFrom) })}</div>}
          </div>
        ),
      },
      {
        id: "actions",
        header: () => <span className="sr-only">{t("columns.actions")}</span>,
        enableSorting: false,
        meta: { align: "right", isPinned: true } satisfies DataTableColumnMeta,
        cell: ({ row }) => (
          <div className="flex items-center justify-end gap-1">
            <Button size="sm" variant="outline" onClick={() => setPriceFor(row.original)} data-testid="price-set" aria-label={t("setPriceFor", { model: row.original.id })}>
              {t("setPrice")}
            </Button>
            <Dropdown trigger={<span aria-hidden>⋯</span>} triggerLabel={t("actionsFor", { model: row.original.id })}>
              <DropdownItem onSelect={() => setModelForm({ editing: row.original, nonce: Date.now() })}>{t("edit")}</DropdownItem>
              <DropdownItem onSelect={() => setHistoryFor(row.original)}>{t("history")}</DropdownItem>
              <DropdownItem onSelect={() => void setVisible(row.original, !row.original.isVisible)}>{row.original.isVisible ? t("hide") : t("show")}</DropdownItem>
            </Dropdown>
          </div>
        ),
      },
    ];
    // setVisible uses only the router, the toast and stable setters
  }, [t, format]);

  const columnFilters = useMemo(() => (search ? [{ id: "id", value: search }] : []), [search]);
  const table = useReactTable({
    data: models,
    columns,
    state: { sorting, columnFilters },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getRowId: (m) => m.id,
  });

  return (
    <>
      <TimeZoneCookie renderedFor={timeZone} />
      <PageHeader
        title={t("title")}
        description={t("subtitle")}
        actions={
          <Button onClick={() => setModelForm({ editing: null, nonce: Date.now() })} data-testid="model-new">
            {t("newModel")}
          </Button>
        }
      />

      {/* each card is min-w-0: a grid item is otherwise as wide as its widest content (a long group name widened the page) */}
      <div className="mb-6 grid gap-6 lg:grid-cols-3">
        <TrialCreditCard trialCredit={trialCredit} format={format} />
        <GroupsCard groups={groups} />
      </div>

      <div className="mb-3 flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
        <h2 className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
          {t("catalog")} <span className="text-sm font-normal text-zinc-500 dark:text-zinc-400">· {t("perMillion")}</span>
        </h2>
        <label htmlFor="model-search" className="sr-only">
          {t("search")}
        </label>
        <Input id="model-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t("search")} className="sm:max-w-xs" />
      </div>
      {models.length === 0 ? (
        <EmptyState icon={<Icon name="tag" />} title={t("emptyTitle")} description={t("emptyBody")} action={<Button onClick={() => setModelForm({ editing: null, nonce: Date.now() })}>{t("newModel")}</Button>} />
      ) : table.getRowModel().rows.length === 0 ? (
        <EmptyState title={t("noMatch", { search })} />
      ) : (
        <Card className="relative overflow-hidden">
          <DataTable table={table} caption={t("catalog")} sortLabels={sortLabels} />
        </Card>
      )}
      <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">{t("pricesNote")}</p>

      {modelForm && (
        <ModelFormDialog
          key={modelForm.nonce}
          editing={modelForm.editing}
          onClose={() => setModelForm(null)}
          onSaved={(id) => {
            setModelForm(null);
            toast.show({ tone: "success", message: t("toast.modelSaved", { model: id }) });
            router.refresh();
          }}
        />
      )}
      {priceFor && (
        <PriceFormDialog
          model={priceFor}
          onClose={() => setPriceFor(null)}
          onSaved={(isScheduled) => {
            toast.show({ tone: "success", message: isScheduled ? t("toast.priceScheduled", { model: priceFor.id }) : t("toast.priceSet", { model: priceFor.id }) });
            setPriceFor(null);
            router.refresh();
          }}
        />
      )}
      <Drawer isOpen={historyFor !== null} onClose={() => setHistoryFor(null)} title={historyFor ? t("historyTitle", { model: historyFor.id }) : ""}>
        {historyFor && <PriceHistory key={`${historyFor.id}-${historyFor.versions}`} model={historyFor} format={format} />}
      </Drawer>
    </>
  );
}

function PriceHistory({ model, format }: { model: AdminModel; format: Formatters }) {
  const t = useTranslations("admin-models");
  const tc = useTranslations("common");
  const [versions, setVersions] = useState<PriceVersion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    void requestJson<{ versions: PriceVersion[] }>("GET", `/api/admin/models/${encodeURIComponent(model.id)}/prices`).then((result) => {
      if (!isCurrent) return;
      if (result.ok) setVersions(result.data.versions);
      else setError(result.message ?? tc("networkError"));
    });
    return () => {
      isCurrent = false;
    };
  }, [model.id, tc]);
  if (error) return <p className="text-sm text-red-700 dark:text-red-400">{error}</p>;
  if (!versions) return <Spinner label={tc("loading")} />;
  if (versions.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("noVersions")}</p>;
  const nowMs = Date.now();
  const currentId = versions.find((v) => Date.parse(v.effectiveFrom) <= nowMs)?.id;
  return (
    <ol className="space-y-3" data-testid="price-history">
      {versions.map((v) => {
        const isFuture = Date.parse(v.effectiveFrom) > nowMs;
        return (
          <li key={v.id} className="rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800">
            <div className="mb-1 flex items-center justify-between gap-2">
              <span className="font-medium">{format.dateTime(v.effectiveFrom)}</span>
              {v.id === currentId && <Badge tone="success">{t("inForce")}</Badge>}
              {isFuture && <Badge tone="warning">{t("upcoming")}</Badge>}
            </div>
            <p className="tabular-nums text-zinc-700 dark:text-zinc-300">
              {t("versionLine", { input: format.usd(v.inputPerM), output: format.usd(v.outputPerM) })}
              {v.cacheReadPerM !== null && ` · ${t("versionCacheRead", { price: format.usd(v.cacheReadPerM) })}`}
              {v.cacheWritePerM !== null && ` · ${t("versionCacheWrite", { price: format.usd(v.cacheWritePerM) })}`}
              {v.perImage !== null && ` · ${t("versionImage", { price: format.usd(v.perImage) })}`}
            </p>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("versionBy", { who: v.createdBy ?? t("system"), at: format.dateTime(v.createdAt) })}</p>
          </li>
        );
      })}
    </ol>
  );
}

function TrialCreditCard({ trialCredit, format }: { trialCredit: string; format: Formatters }) {
  const t = useTranslations("admin-models");
  const tc = useTranslations("common");
  const router = useRouter();
  const toast = useToast();
  const [amount, setAmount] = useState(microsToInput(trialCredit));
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const amountError = usdInputError(amount);
    if (amountError) return setError(t(`errors.${amountError.key}`, { max: amountError.max }));
    setError(null);
    setIsSaving(true);
    const result = await requestJson("POST", "/api/admin/settings/trial-credit", { amount: amount.trim() });
    setIsSaving(false);
    if (!result.ok) return setError(result.message ?? tc("networkError"));
    toast.show({ tone: "success", message: t("toast.trialSaved") });
    router.refresh();
  };
  return (
    <Card className="min-w-0">
      <CardHeader>
        <CardTitle>{t("trial.title")}</CardTitle>
        <CardDescription>{t("trial.description", { amount: format.usd(trialCredit) })}</CardDescription>
      </CardHeader>
      <CardContent>
        <form method={SCRIPT_FORM_METHOD} onSubmit={save} className="flex items-end gap-2" noValidate>
          <Field id="trial-credit" label={t("trial.label")} error={error} className="flex-1">
            <Input name="trialCredit" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
          </Field>
          <Button type="submit" variant="outline" isLoading={isSaving} className={error ? "mb-5" : undefined}>
            {tc("save")}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}

function GroupsCard({ groups }: { groups: AdminGroup[] }) {
  const t = useTranslations("admin-models");
  const tc = useTranslations("common");
  const router = useRouter();
  const toast = useToast();
  const [name, setName] = useState("");
  const [multiplier, setMultiplier] = useState("1");
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const value = Number(multiplier);
    const trimmed = name.trim();
    if (!trimmed) return setError(t("errors.groupName"));
    // names are unique without regard to case (the server refuses one too)
    const taken = groups.find((group) => group.name !== trimmed && group.name.toLowerCase() === trimmed.toLowerCase());
    if (taken) return setError(t("errors.groupNameTaken", { name: taken.name }));
    // a plain decimal, as every money field reads ("1e1" was taken as ×10)
    if (!/^(\d+(\.\d*)?|\.\d+)$/.test(multiplier.trim()) || value < 0.01 || value > 100) return setError(t("errors.multiplier"));
    setError(null);
    setIsSaving(true);
    const result = await requestJson("POST", "/api/admin/groups", { name: name.trim(), multiplierPpm: Math.round(value * 1_000_000) });
    setIsSaving(false);
    if (!result.ok) return setError(result.message ?? tc("networkError"));
    toast.show({ tone: "success", message: t("toast.groupSaved", { name: name.trim() }) });
    setName("");
    setMultiplier("1");
    router.refresh();
  };
  return (
    <Card className="min-w-0 lg:col-span-2">
      <CardHeader>
        <CardTitle>{t("groups.title")}</CardTitle>
        <CardDescription>{t("groups.description")}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {groups.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("groups.empty")}</p>
        ) : (
          // fixed layout: the name takes what the other columns leave and is cut there (whole in its title), so a
          // long name never pushes them out of the card; on a phone the members go under the name
          <Table className="table-fixed">
            <THead>
              <tr>
                <TH className="px-3 sm:px-4">{t("groups.name")}</TH>
                <TH className="w-24 px-3 text-right sm:w-32 sm:px-4">{t("groups.multiplier")}</TH>
                <TH className="hidden w-48 text-right sm:table-cell">{t("groups.members")}</TH>
                <TH className="w-20 px-3 sm:w-24 sm:px-4">
                  <span className="sr-only">{t("columns.actions")}</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {groups.map((group) => {
                const members = t("groups.memberCount", { users: group.users, keys: group.keys });
                return (
                  <TR key={group.id} data-testid="group-row">
                    <TD className="px-3 sm:px-4">
                      <div className="truncate font-medium" title={group.name} data-testid="group-name">
                        {group.name}
                      </div>
                      <div className="text-xs text-zinc-500 sm:hidden dark:text-zinc-400">{members}</div>
                    </TD>
                    <TD className="px-3 text-right tabular-nums sm:px-4">
                      {multiplierLabel(group.multiplierPpm)}
                      <span className="block text-xs text-zinc-500 sm:ml-1 sm:inline dark:text-zinc-400">
                        {group.multiplierPpm < 1_000_000 ? t("groups.discount", { percent: Math.round((1 - group.multiplierPpm / 1_000_000) * 1000) / 10 }) : group.multiplierPpm > 1_000_000 ? t("groups.markup", { percent: Math.round((group.multiplierPpm / 1_000_000 - 1) * 1000) / 10 }) : ""}
                      </span>
                    </TD>
                    <TD className="hidden text-right tabular-nums sm:table-cell">{members}</TD>
                    <TD className="px-3 text-right sm:px-4">
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={t("groups.editFor", { name: group.name })}
                        onClick={() => {
                          setName(group.name);
                          setMultiplier(String(group.multiplierPpm / 1_000_000));
                        }}
                      >
                        {t("groups.edit")}
                      </Button>
                    </TD>
                  </TR>
                );
              })}
            </TBody>
          </Table>
        )}
        <form method={SCRIPT_FORM_METHOD} onSubmit={save} className="grid gap-2 sm:grid-cols-[1fr_8rem_auto] sm:items-end" noValidate>
          <Field id="group-name" label={t("groups.name")}>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={64} placeholder={t("groups.namePlaceholder")} />
          </Field>
          <Field id="group-multiplier" label={t("groups.multiplier")}>
            <Input value={multiplier} onChange={(e) => setMultiplier(e.target.value)} inputMode="decimal" />
          </Field>
          <Button type="submit" variant="outline" isLoading={isSaving}>
            {t("groups.save")}
          </Button>
          {error && <p className="text-xs font-medium text-red-600 sm:col-span-3 dark:text-red-400">{error}</p>}
        </form>
      </CardContent>
    </Card>
  );
}
