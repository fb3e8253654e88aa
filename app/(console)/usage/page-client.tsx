"use client";

import { useMemo, useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { getCoreRowModel, useReactTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import { TimeZoneCookie } from "@/components/charts/time-zone-cookie";
import { DataTable, type DataTableColumnMeta } from "@/components/data-table/data-table";
import { Drawer } from "@/components/data-table/drawer";
import { useFormatters, type Formatters } from "@/components/data-table/use-formatters";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { Spinner } from "@/components/ui/spinner";
import type { KeyLabel } from "@/lib/keys/list-key-labels";
import type { RequestLogEntry } from "@/lib/usage/list-request-logs";
import { NO_MODEL, NO_MODEL_PARAM, TIME_RANGES, type SortColumn, type TimeRange } from "@/lib/usage/log-query";

export type UsageFilterState = {
  range: TimeRange;
  from: string | null;
  to: string | null;
  key: string | null;
  model: string | null;
  status: string | null;
  /** a request id to find (exact) */
  request: string | null;
  sort: SortColumn;
  dir: "asc" | "desc";
};

const SORTABLE: Record<string, SortColumn> = { time: "time", cost: "cost", latency: "latency" };

function toParams(filters: UsageFilterState, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.range !== "all") params.set("range", filters.range);
  if (filters.range === "custom") {
    if (filters.from) params.set("from", filters.from);
    if (filters.to) params.set("to", filters.to);
  }
  if (filters.key) params.set("key", filters.key);
  if (filters.model) params.set("model", filters.model);
  if (filters.status) params.set("status", filters.status);
  const request = filters.request?.trim();
  if (request) params.set("request", request);
  if (filters.sort !== "time") params.set("sort", filters.sort);
  if (filters.dir !== "desc") params.set("dir", filters.dir);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return params;
}

/** datetime-local value (browser time) ↔ ISO instant */
function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

function StatusBadge({ status, errorCode }: { status: number; errorCode: string | null }) {
  const t = useTranslations("usage");
  const known = ["400", "401", "402", "403", "404", "408", "413", "429", "499", "500", "502", "503", "504"];
  // a 402 is one of three limits: the balance, the key's cap or the member's allowance
  const byCode = errorCode === "key_cap_exceeded" || errorCode === "allowance_exceeded" ? t(`errorText.${errorCode}`) : null;
  const text = status < 400 ? t("statusText.ok") : (byCode ?? (known.includes(String(status)) ? t(`statusText.${status}` as "statusText.400") : t("statusText.other")));
  return (
    <Badge tone={status < 400 ? "success" : status === 429 || status === 499 ? "warning" : "danger"} title={errorCode ?? undefined}>
      <span className="tabular-nums">{status}</span>
      <span className="hidden sm:inline">{text}</span>
    </Badge>
  );
}

function keyName(entry: RequestLogEntry, t: ReturnType<typeof useTranslations<"usage">>): string {
  if (!entry.key) return t("cell.noKey");
  return entry.key.isDeleted ? t("filters.deletedKey", { name: entry.key.name }) : entry.key.name;
}

/** A request whose body could not be read is logged without a model. */
function ModelName({ model }: { model: string }) {
  const t = useTranslations("usage");
  if (model === NO_MODEL) return <span className="text-zinc-400">{t("filters.noModel")}</span>;
  return <code className="font-mono text-xs">{model}</code>;
}

function DetailRow({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-3 py-2">
      <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 break-words text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  );
}

function RequestDetails({ entry, format }: { entry: RequestLogEntry; format: Formatters }) {
  const t = useTranslations("usage");
  const tokens: [string, number][] = [
    [t("drawer.inputTokens"), entry.inputTokens],
    [t("drawer.cacheReadTokens"), entry.cacheReadTokens],
    [t("drawer.cacheWriteTokens"), entry.cacheWriteTokens],
    [t("drawer.outputTokens"), entry.outputTokens],
    [t("drawer.reasoningTokens"), entry.reasoningTokens],
  ];
  return (
    <div className="space-y-4" data-testid="request-details">
      <dl className="divide-y divide-zinc-100 dark:divide-zinc-800">
        <DetailRow label={t("drawer.requestId")}>
          <span className="flex items-center gap-1">
            <code className="font-mono text-xs break-all">{entry.requestId}</code>
            <CopyButton value={entry.requestId} isIconOnly variant="ghost" />
          </span>
        </DetailRow>
        <DetailRow label={t("drawer.time")}>{format.dateTime(entry.createdAt)}</DetailRow>
        <DetailRow label={t("drawer.timeUtc")}>
          <code className="font-mono text-xs">{entry.createdAt}</code>
        </DetailRow>
        <DetailRow label={t("drawer.key")}>
          {keyName(entry, t)} {entry.key && <code className="ml-1 font-mono text-xs text-zinc-500">{entry.key.masked}</code>}
        </DetailRow>
        <DetailRow label={t("drawer.model")}>
          <ModelName model={entry.model} />
        </DetailRow>
        <DetailRow label={t("drawer.endpoint")}>
          <code className="font-mono text-xs">{entry.endpoint}</code>
        </DetailRow>
        <DetailRow label={t("drawer.mode")}>{entry.isStream ? t("drawer.streamed") : t("drawer.notStreamed")}</DetailRow>
        <DetailRow label={t("drawer.status")}>
          <StatusBadge status={entry.status} errorCode={entry.errorCode} />
        </DetailRow>
        {entry.errorCode && (
          <DetailRow label={t("drawer.errorCode")}>
            <code className="font-mono text-xs">{entry.errorCode}</code>
          </DetailRow>
        )}
        <DetailRow label={t("drawer.cost")}>
          <span className="font-semibold tabular-nums">{format.usd(entry.cost)}</span>
        </DetailRow>
        <DetailRow label={t("drawer.latency")}>{format.duration(entry.latencyMs)}</DetailRow>
        {entry.ttftMs !== null && <DetailRow label={t("drawer.ttft")}>{format.duration(entry.ttftMs)}</DetailRow>}
        {entry.clientIp && (
          <DetailRow label={t("drawer.clientIp")}>
            <code className="font-mono text-xs">{entry.clientIp}</code>
          </DetailRow>
        )}
      </dl>
      <div>
        <h3 className="mb-1 text-xs font-medium tracking-wide text-zinc-500 uppercase">{t("drawer.tokens")}</h3>
        <dl className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 px-3 dark:divide-zinc-800 dark:border-zinc-800">
          {tokens.map(([label, value]) => (
            <div key={label} className="flex justify-between py-1.5">
              <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
              <dd className="tabular-nums">{format.number(value)}</dd>
            </div>
          ))}
          {entry.imageCount > 0 && (
            <div className="flex justify-between py-1.5">
              <dt className="text-zinc-500 dark:text-zinc-400">{t("drawer.images")}</dt>
              <dd className="tabular-nums">{format.number(entry.imageCount)}</dd>
            </div>
          )}
        </dl>
      </div>
      {entry.isUsageEstimated && <Alert tone="info">{t("drawer.estimatedNote")}</Alert>}
      {entry.isCostCapped && <Alert tone="info">{t("drawer.cappedNote")}</Alert>}
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("drawer.noContent")}</p>
    </div>
  );
}

export function UsagePageClient({
  rows,
  nextCursor,
  prevCursor,
  filters,
  keys,
  models,
  hasNoModel,
  filterError,
  timeZone,
  now,
  orgName,
}: {
  rows: RequestLogEntry[];
  nextCursor: string | null;
  prevCursor: string | null;
  filters: UsageFilterState;
  /** live keys, then deleted ones with requests in the log */
  keys: KeyLabel[];
  models: string[];
  /** some requests carry no model: offered as "(no model)" */
  hasNoModel: boolean;
  filterError: string | null;
  timeZone: string;
  now: string;
  /** set when the log is a whole organization's (owner, admin): every member's keys, not only yours */
  orgName: string | null;
}) {
  const t = useTranslations("usage");
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const format = useFormatters({ timeZone, now });
  const [draft, setDraft] = useState(filters);
  // the URL can change under the form (back and forward, the drawer's link to a key's requests): follow it
  const shownFilters = toParams(filters).toString();
  const [draftFor, setDraftFor] = useState(shownFilters);
  if (draftFor !== shownFilters) {
    setDraftFor(shownFilters);
    setDraft(filters);
  }
  const [openEntry, setOpenEntry] = useState<RequestLogEntry | null>(null);

  const navigate = (next: UsageFilterState, extra: Record<string, string> = {}) => {
    const query = toParams(next, extra).toString();
    startTransition(() => router.push(query ? `/usage?${query}` : "/usage"));
  };
  const applyFilters = (next: UsageFilterState) => {
    setDraft(next);
    navigate(next);
  };

  const sorting: SortingState = [{ id: filters.sort, desc: filters.dir === "desc" }];
  const columns = useMemo<ColumnDef<RequestLogEntry>[]>(
    () => [
      {
        id: "time",
        header: t("columns.time"),
        meta: { label: t("columns.time") } satisfies DataTableColumnMeta,
        cell: ({ row }) => <span title={format.dateTime(row.original.createdAt)}>{format.shortDateTime(row.original.createdAt)}</span>,
      },
      {
        id: "key",
        header: t("columns.key"),
        enableSorting: false,
        cell: ({ row }) => <span className="block max-w-40 truncate">{keyName(row.original, t)}</span>,
      },
      {
        id: "model",
        header: t("columns.model"),
        enableSorting: false,
        cell: ({ row }) => (
          <span className="inline-flex items-center gap-1.5">
            <ModelName model={row.original.model} />
            {row.original.isStream && <span className="text-[10px] tracking-wide text-zinc-400 uppercase">{t("cell.stream")}</span>}
          </span>
        ),
      },
      {
        id: "input",
        header: t("columns.input"),
        enableSorting: false,
        meta: { align: "right" } satisfies DataTableColumnMeta,
        cell: ({ row }) => format.number(row.original.inputTokens),
      },
      {
        // read and write side by side in one narrow column: two columns would not fit beside the others, and most
        // requests write nothing
        id: "cache",
        header: () => (
          <span className="inline-flex flex-col items-end leading-tight">
            {t("columns.cache")}{" "}
            <span className="font-normal tracking-normal normal-case">{t("columns.cacheParts")}</span>
          </span>
        ),
        enableSorting: false,
        meta: { align: "right", className: "hidden xl:table-cell" } satisfies DataTableColumnMeta,
        cell: ({ row }) => {
          const { cacheReadTokens: read, cacheWriteTokens: write } = row.original;
          return (
            <span title={`${t("columns.cacheRead")}: ${format.number(read)} · ${t("columns.cacheWrite")}: ${format.number(write)}`}>
              {format.number(read)}
              <span className="text-zinc-400"> / </span>
              <span className={write === 0 ? "text-zinc-400" : undefined}>{format.number(write)}</span>
            </span>
          );
        },
      },
      {
        id: "output",
        header: t("columns.output"),
        enableSorting: false,
        meta: { align: "right" } satisfies DataTableColumnMeta,
        cell: ({ row }) => format.number(row.original.outputTokens + row.original.reasoningTokens),
      },
      {
        id: "cost",
        header: t("columns.cost"),
        meta: { align: "right", label: t("columns.cost") } satisfies DataTableColumnMeta,
        cell: ({ row }) => (
          <span className="font-medium text-zinc-900 dark:text-zinc-100">
            {format.usd(row.original.cost)}
            {row.original.isUsageEstimated && <span className="ml-1 text-xs text-zinc-400" title={t("cell.estimated")}>*</span>}
          </span>
        ),
      },
      {
        id: "latency",
        header: t("columns.latency"),
        meta: { align: "right", label: t("columns.latency") } satisfies DataTableColumnMeta,
        cell: ({ row }) => format.duration(row.original.latencyMs),
      },
      {
        id: "ttft",
        header: t("columns.ttft"),
        enableSorting: false,
        meta: { align: "right", className: "hidden 2xl:table-cell" } satisfies DataTableColumnMeta,
        cell: ({ row }) => (row.original.ttftMs === null ? "—" : format.duration(row.original.ttftMs)),
      },
      {
        id: "status",
        header: t("columns.status"),
        enableSorting: false,
        cell: ({ row }) => <StatusBadge status={row.original.status} errorCode={row.original.errorCode} />,
      },
    ],
    [t, format],
  );

  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting },
    manualSorting: true,
    enableSortingRemoval: false,
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const first = next[0];
      const column = first ? SORTABLE[first.id] : undefined;
      if (!column) return;
      const dir = first.desc ? "desc" : "asc";
      applyFilters({ ...filters, sort: column, dir });
    },
    getRowId: (row) => row.id,
    getCoreRowModel: getCoreRowModel(),
  });

  const isFiltered = filters.range !== "all" || filters.key !== null || filters.model !== null || filters.status !== null || filters.request !== null;
  const exportHref = `/api/usage/export?${toParams(filters).toString()}`;
  const modelOptions = [...new Set([...models, ...(filters.model && filters.model !== NO_MODEL_PARAM ? [filters.model] : [])])];

  return (
    <div>
      <TimeZoneCookie renderedFor={timeZone} />
      <PageHeader
        title={t("title")}
        description={orgName ? t("descriptionOrg", { org: orgName }) : t("description")}
        actions={
          <a href={exportHref} download className={buttonClasses({ variant: "outline" })} title={t("exportHint")} data-testid="export-csv">
            <svg className="size-4" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
              <path d="M21 15v4a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-4M7 10l5 5 5-5M12 15V3" />
            </svg>
            {t("export")}
          </a>
        }
      />

      {filterError && (
        <Alert tone="warning" className="mb-4">
          {t("errors.badFilters", { message: filterError })}
        </Alert>
      )}

      <form
        aria-label={t("filters.label")}
        className="mb-4 grid grid-cols-2 gap-3 rounded-xl border border-zinc-200 bg-white p-4 lg:grid-cols-[repeat(4,minmax(0,1fr))_minmax(0,1.5fr)_auto] dark:border-zinc-800 dark:bg-zinc-900/60"
        onSubmit={(event) => {
          event.preventDefault();
          applyFilters(draft);
        }}
      >
        <div className="space-y-1.5">
          <Label htmlFor="filter-range">{t("filters.range")}</Label>
          <Select
            id="filter-range"
            value={draft.range}
            onChange={(e) => {
              const range = e.target.value as TimeRange;
              const next = { ...draft, range };
              if (range === "custom") setDraft(next);
              else applyFilters(next);
            }}
          >
            {TIME_RANGES.map((range) => (
              <option key={range} value={range}>
                {t(`filters.ranges.${range}`)}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="filter-key">{t("filters.key")}</Label>
          <Select id="filter-key" value={draft.key ?? ""} onChange={(e) => applyFilters({ ...draft, key: e.target.value || null })}>
            <option value="">{t("filters.allKeys")}</option>
            {keys.map((key) => (
              <option key={key.id} value={key.id}>
                {key.isDeleted ? t("filters.deletedKey", { name: key.name }) : `${key.name} (${key.masked})`}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="filter-model">{t("filters.model")}</Label>
          <Select id="filter-model" value={draft.model ?? ""} onChange={(e) => applyFilters({ ...draft, model: e.target.value || null })}>
            <option value="">{t("filters.allModels")}</option>
            {modelOptions.map((model) => (
              <option key={model} value={model}>
                {model}
              </option>
            ))}
            {(hasNoModel || filters.model === NO_MODEL_PARAM) && <option value={NO_MODEL_PARAM}>{t("filters.noModel")}</option>}
          </Select>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="filter-status">{t("filters.status")}</Label>
          <Select id="filter-status" value={draft.status ?? ""} onChange={(e) => applyFilters({ ...draft, status: e.target.value || null })}>
            <option value="">{t("filters.allStatuses")}</option>
            <option value="success">{t("filters.success")}</option>
            <option value="error">{t("filters.error")}</option>
            {["400", "401", "402", "403", "404", "429", "500", "502", "503", "504"].map((code) => (
              <option key={code} value={code}>
                {code} · {t(`statusText.${code}` as "statusText.400")}
              </option>
            ))}
          </Select>
        </div>
        <div className="col-span-2 space-y-1.5 lg:col-span-1">
          <Label htmlFor="filter-request">{t("filters.request")}</Label>
          <div className="flex gap-2">
            <Input
              id="filter-request"
              type="search"
              className="font-mono placeholder:font-sans"
              placeholder={t("filters.requestPlaceholder")}
              autoComplete="off"
              spellCheck={false}
              value={draft.request ?? ""}
              onChange={(e) => {
                const request = e.target.value.trim() || null;
                // clearing the field (or its ✕) shows every request again at once; an id is looked up on Enter
                if (request === null && filters.request !== null) applyFilters({ ...draft, request });
                else setDraft({ ...draft, request: e.target.value || null });
              }}
            />
            <Button type="submit" variant="outline" size="icon" aria-label={t("filters.find")} title={t("filters.find")}>
              <svg className="size-4" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
                <circle cx="11" cy="11" r="7" />
                <path d="m20 20-3.5-3.5" />
              </svg>
            </Button>
          </div>
        </div>
        <div className="flex items-end gap-2 empty:hidden">
          {isFiltered && (
            <Button
              variant="ghost"
              onClick={() => applyFilters({ range: "all", from: null, to: null, key: null, model: null, status: null, request: null, sort: filters.sort, dir: filters.dir })}
            >
              {t("filters.reset")}
            </Button>
          )}
          {isPending && <Spinner className="mb-2.5 text-brand-600" label={t("filters.apply")} />}
        </div>
        {draft.range === "custom" && (
          <div className="col-span-2 grid gap-3 sm:grid-cols-[1fr_1fr_auto] lg:col-span-6">
            <div className="space-y-1.5">
              <Label htmlFor="filter-from">{t("filters.from")}</Label>
              <Input id="filter-from" type="datetime-local" value={toLocalInput(draft.from)} onChange={(e) => setDraft({ ...draft, from: fromLocalInput(e.target.value) })} />
            </div>
            <div className="space-y-1.5">
              <Label htmlFor="filter-to">{t("filters.to")}</Label>
              <Input id="filter-to" type="datetime-local" value={toLocalInput(draft.to)} onChange={(e) => setDraft({ ...draft, to: fromLocalInput(e.target.value) })} />
            </div>
            <div className="flex items-end">
              <Button type="submit">{t("filters.apply")}</Button>
            </div>
          </div>
        )}
      </form>

      {rows.length === 0 ? (
        isFiltered || prevCursor ? (
          <EmptyState icon={<Icon name="chart" />} title={t("empty.filteredTitle")} description={t("empty.filteredDescription")} />
        ) : (
          <EmptyState
            icon={<Icon name="chart" />}
            title={t("empty.title")}
            description={t("empty.description")}
            action={
              <div className="flex flex-wrap justify-center gap-2">
                <Link href="/keys" className={buttonClasses({})}>
                  {t("empty.createKey")}
                </Link>
                <Link href="/playground" className={buttonClasses({ variant: "outline" })}>
                  {t("empty.playground")}
                </Link>
              </div>
            }
          />
        )
      ) : (
        <div className={isPending ? "opacity-60 transition-opacity" : "transition-opacity"} aria-busy={isPending}>
          <DataTable
            table={table}
            isCompact
            caption={t("title")}
            onRowOpen={setOpenEntry}
            rowLabel={(row) => `${t("drawer.title")}: ${row.model === NO_MODEL ? t("filters.noModel") : row.model} ${format.dateTime(row.createdAt)}`}
            sortLabels={{ ascending: t("sort.ascending"), descending: t("sort.descending"), by: (column) => t("sort.by", { column }) }}
          />
          <nav className="mt-3 flex flex-wrap items-center justify-between gap-2" aria-label={t("pagination.showing", { count: rows.length })}>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("pagination.showing", { count: rows.length })}</p>
            <div className="flex gap-2">
              {prevCursor && (
                <Button variant="ghost" size="sm" onClick={() => navigate(filters)}>
                  {t("pagination.first")}
                </Button>
              )}
              <Button variant="outline" size="sm" disabled={!prevCursor} onClick={() => prevCursor && navigate(filters, { before: prevCursor })}>
                {t("pagination.previous")}
              </Button>
              <Button variant="outline" size="sm" disabled={!nextCursor} onClick={() => nextCursor && navigate(filters, { after: nextCursor })}>
                {t("pagination.next")}
              </Button>
            </div>
          </nav>
        </div>
      )}

      <Drawer
        isOpen={openEntry !== null}
        onClose={() => setOpenEntry(null)}
        title={t("drawer.title")}
        footer={
          openEntry?.apiKeyId ? (
            <Link
              href={`/usage?key=${openEntry.apiKeyId}`}
              onClick={() => setOpenEntry(null)}
              className={buttonClasses({ variant: "outline", size: "sm" })}
            >
              {t("drawer.viewKeyLogs")}
            </Link>
          ) : undefined
        }
      >
        {openEntry && <RequestDetails entry={openEntry} format={format} />}
      </Drawer>
    </div>
  );
}
