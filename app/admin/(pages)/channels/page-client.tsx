"use client";

import { useEffect, useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import { TimeZoneCookie } from "@/components/charts/time-zone-cookie";
import { DataTable, type DataTableColumnMeta } from "@/components/data-table/data-table";
import { Drawer } from "@/components/data-table/drawer";
import { requestJson } from "@/components/data-table/request-json";
import { useFormatters, type Formatters } from "@/components/data-table/use-formatters";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dropdown, DropdownItem, DropdownSeparator } from "@/components/ui/dropdown";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Icon } from "@/components/ui/icon";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { useToast } from "@/components/ui/toast";
import type { AdminChannel, WindowHealth } from "@/lib/admin/list-channels-with-health";
import type { ChannelTestResult } from "@/lib/relay/test-channel";
import { useSortLabels } from "../../_components/use-sort-labels";
import { ChannelFormDialog } from "./channel-form-dialog";

type TestJson = Omit<ChannelTestResult, "testedAt"> & { testedAt: string };
type ChannelState = "active" | "disabled" | "out" | "probing";

const STATE_TONE: Record<ChannelState, BadgeTone> = { active: "success", disabled: "neutral", out: "danger", probing: "warning" };
const REFRESH_MS = 30_000;

function stateOf(channel: AdminChannel): ChannelState {
  if (!channel.isEnabled) return "disabled";
  if (channel.health.circuit === "open") return "out";
  if (channel.health.circuit === "half_open") return "probing";
  return "active";
}

function rateTone(rate: number | null): string {
  if (rate === null) return "text-zinc-400 dark:text-zinc-500";
  if (rate >= 0.99) return "text-emerald-700 dark:text-emerald-400";
  if (rate >= 0.9) return "text-amber-700 dark:text-amber-400";
  return "text-red-700 dark:text-red-400";
}

type ChannelFormatters = Formatters & { percent: (value: number) => string };

function HealthCell({ health, format }: { health: WindowHealth; format: ChannelFormatters }) {
  const t = useTranslations("admin-channels");
  if (health.requests === 0) return <span className="text-xs text-zinc-400 dark:text-zinc-500">{t("health.noTraffic")}</span>;
  return (
    <div className="text-xs leading-5">
      <span className={`font-medium tabular-nums ${rateTone(health.successRate)}`}>{format.percent(health.successRate ?? 0)}</span>
      <span className="text-zinc-500 dark:text-zinc-400"> · {t("health.requests", { count: health.requests })}</span>
      <div className="text-zinc-500 tabular-nums dark:text-zinc-400">
        {health.p50Ms === null ? t("health.noLatency") : t("health.latency", { p50: format.duration(health.p50Ms), p95: format.duration(health.p95Ms ?? health.p50Ms) })}
      </div>
    </div>
  );
}

export function ChannelsPageClient({ channels, catalogModels, timeZone, now }: { channels: AdminChannel[]; catalogModels: string[]; timeZone: string; now: string }) {
  const t = useTranslations("admin-channels");
  const tc = useTranslations("common");
  const sortLabels = useSortLabels();
  const router = useRouter();
  const toast = useToast();
  const base = useFormatters({ timeZone, now });
  const format = useMemo<ChannelFormatters>(
    () => ({ ...base, percent: (value: number) => `${(Math.floor(value * 1000) / 10).toFixed(value === 1 ? 0 : 1)}%` }),
    [base],
  );
  const [sorting, setSorting] = useState<SortingState>([]);
  const [form, setForm] = useState<{ editing: AdminChannel | null; nonce: number } | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [tests, setTests] = useState<Record<string, TestJson>>({});
  const [testing, setTesting] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<AdminChannel | null>(null);
  const [disabling, setDisabling] = useState<{ channel: AdminChannel; reason: string } | null>(null);
  const open = channels.find((c) => c.id === openId) ?? null;

  // live health: re-read the page's data while it is visible
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [router]);

  const runTest = async (channel: AdminChannel, model?: string) => {
    setTesting(channel.id);
    const result = await requestJson<{ result: TestJson }>("POST", `/api/admin/channels/${channel.id}/test`, model ? { model } : {});
    setTesting(null);
    if (!result.ok) return toast.show({ tone: "danger", message: result.message ?? tc("networkError") });
    setTests((all) => ({ ...all, [channel.id]: result.data.result }));
    setOpenId(channel.id);
    toast.show({ tone: result.data.result.isOk ? "success" : "danger", message: result.data.result.isOk ? t("test.okToast", { latency: format.duration(result.data.result.latencyMs) }) : t("test.failedToast") });
  };

  const enable = async (channel: AdminChannel) => {
    const result = await requestJson("PATCH", `/api/admin/channels/${channel.id}`, { isEnabled: true });
    if (!result.ok) return toast.show({ tone: "danger", message: result.message ?? tc("networkError") });
    toast.show({ message: t("toast.enabled", { name: channel.name }) });
    router.refresh();
  };

  const columns = useMemo<ColumnDef<AdminChannel>[]>(
    () => [
      {
        id: "name",
        accessorKey: "name",
        header: t("columns.name"),
        meta: { label: t("columns.name") } satisfies DataTableColumnMeta,
        cell: ({ row }) => {
          const state = stateOf(row.original);
          return (
            <div className="min-w-0 sm:min-w-40">
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span className="max-w-44 truncate font-medium text-zinc-900 sm:max-w-none dark:text-zinc-100" title={row.original.name}>
                  {row.original.name}
                </span>
                <Badge tone="info">{t(`types.${row.original.type}`)}</Badge>
                {/* on a phone the Status column gives way to the row actions: the state shows here instead */}
                <Badge tone={STATE_TONE[state]} className="sm:hidden" data-testid="channel-state-compact">
                  {t(`states.${state}`)}
                </Badge>
              </div>
              <div className="max-w-44 truncate font-mono text-xs text-zinc-500 sm:max-w-64 dark:text-zinc-400" title={row.original.baseUrl}>
                {row.original.baseUrl}
              </div>
            </div>
          );
        },
      },
      {
        id: "models",
        header: t("columns.models"),
        enableSorting: false,
        meta: { className: "hidden md:table-cell" } satisfies DataTableColumnMeta,
        cell: ({ row }) => {
          const models = row.original.models;
          return (
            <div className="flex max-w-56 flex-wrap gap-1" title={models.join(", ")}>
              {models.slice(0, 2).map((model) => (
                <span key={model} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs dark:bg-zinc-800">
                  {model}
                  {row.original.modelMapping[model] ? ` → ${row.original.modelMapping[model]}` : ""}
                </span>
              ))}
              {models.length > 2 && <span className="text-xs text-zinc-500">{t("moreModels", { count: models.length - 2 })}</span>}
            </div>
          );
        },
      },
      {
        id: "status",
        header: t("columns.status"),
        accessorFn: (c) => ["active", "probing", "out", "disabled"].indexOf(stateOf(c)) * 10_000 - c.priority,
        meta: { label: t("columns.status"), className: "hidden sm:table-cell" } satisfies DataTableColumnMeta,
        cell: ({ row }) => {
          const state = stateOf(row.original);
          return (
            <div className="space-y-1">
              <Badge tone={STATE_TONE[state]} data-state={state}>
                {t(`states.${state}`)}
              </Badge>
              <div className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400" title={t("columns.routing")}>
                {t("routing", { priority: row.original.priority, weight: row.original.weight })}
              </div>
            </div>
          );
        },
      },
      {
        id: "health5",
        header: t("columns.health5"),
        accessorFn: (c) => c.health.last5m.successRate ?? 2,
        meta: { label: t("columns.health5"), className: "hidden sm:table-cell" } satisfies DataTableColumnMeta,
        cell: ({ row }) => <HealthCell health={row.original.health.last5m} format={format} />,
      },
      {
        id: "health60",
        header: t("columns.health60"),
        accessorFn: (c) => c.health.last60m.successRate ?? 2,
        meta: { label: t("columns.health60"), className: "hidden 2xl:table-cell" } satisfies DataTableColumnMeta,
        cell: ({ row }) => <HealthCell health={row.original.health.last60m} format={format} />,
      },
      {
        id: "today",
        header: t("columns.today"),
        accessorFn: (c) => c.today.requests,
        meta: { label: t("columns.today"), align: "right", className: "hidden md:table-cell" } satisfies DataTableColumnMeta,
        cell: ({ row }) => (
          <div className="text-xs">
            <div className="text-zinc-900 dark:text-zinc-100">{t("todayRequests", { count: row.original.today.requests })}</div>
            <div className="text-zinc-500 dark:text-zinc-400">{t("todayCost", { cost: format.usd(row.original.today.upstreamCost) })}</div>
          </div>
        ),
      },
      {
        id: "actions",
        header: () => <span className="sr-only">{t("columns.actions")}</span>,
        enableSorting: false,
        meta: { align: "right", isPinned: true } satisfies DataTableColumnMeta,
        cell: ({ row }) => {
          const channel = row.original;
          return (
            <div className="flex items-center justify-end gap-1">
              <Button size="sm" variant="outline" isLoading={testing === channel.id} onClick={() => void runTest(channel)} data-testid="channel-test" aria-label={t("test.buttonFor", { name: channel.name })}>
                {t("test.button")}
              </Button>
              <Dropdown trigger={<span aria-hidden>⋯</span>} triggerLabel={t("actionsFor", { name: channel.name })}>
                <DropdownItem onSelect={() => setOpenId(channel.id)}>{t("actions.details")}</DropdownItem>
                <DropdownItem onSelect={() => setForm({ editing: channel, nonce: Date.now() })}>{t("actions.edit")}</DropdownItem>
                <DropdownSeparator />
                {channel.isEnabled ? (
                  <DropdownItem isDanger onSelect={() => setDisabling({ channel, reason: "" })}>
                    {t("actions.disable")}
                  </DropdownItem>
                ) : (
                  <DropdownItem onSelect={() => void enable(channel)}>{t("actions.enable")}</DropdownItem>
                )}
                <DropdownItem isDanger onSelect={() => setDeleting(channel)}>
                  {t("actions.delete")}
                </DropdownItem>
              </Dropdown>
            </div>
          );
        },
      },
    ],
    // runTest and setEnabled use only stable setters, the router and the toast
    [t, format, testing],
  );

  const table = useReactTable({ data: channels, columns, state: { sorting }, onSortingChange: setSorting, getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel(), getRowId: (c) => c.id });
  const outCount = channels.filter((c) => stateOf(c) === "out").length;

  return (
    <>
      <TimeZoneCookie renderedFor={timeZone} />
      <PageHeader
        title={t("title")}
        description={t("subtitle")}
        actions={
          <>
            <Button variant="outline" onClick={() => router.refresh()}>
              {t("refresh")}
            </Button>
            <Button onClick={() => setForm({ editing: null, nonce: Date.now() })} data-testid="channel-new">
              {t("new")}
            </Button>
          </>
        }
      />
      {outCount > 0 && (
        <Alert tone="warning" className="mb-4" title={t("outTitle", { count: outCount })}>
          {t("outBody")}
        </Alert>
      )}
      {channels.length === 0 ? (
        <EmptyState
          icon={<Icon name="server" />}
          title={t("emptyTitle")}
          description={t("emptyBody")}
          action={<Button onClick={() => setForm({ editing: null, nonce: Date.now() })}>{t("new")}</Button>}
        />
      ) : (
        <Card className="relative overflow-hidden">
          <DataTable
            table={table}
            caption={t("title")}
            sortLabels={sortLabels}
            onRowOpen={(channel) => setOpenId(channel.id)}
            rowLabel={(channel) => t("openRow", { name: channel.name })}
          />
        </Card>
      )}
      <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">{t("healthNote")}</p>

      {form && (
        <ChannelFormDialog
          key={form.nonce}
          editing={form.editing}
          catalogModels={catalogModels}
          onClose={() => setForm(null)}
          onSaved={(name, isNew) => {
            setForm(null);
            toast.show({ tone: "success", message: isNew ? t("toast.created", { name }) : t("toast.saved", { name }) });
            router.refresh();
          }}
        />
      )}

      {disabling && (
        <ConfirmDialog
          key={disabling.channel.id}
          isOpen
          isDanger
          title={t("disable.title", { name: disabling.channel.name })}
          description={t("disable.description")}
          confirmLabel={t("disable.confirm")}
          onClose={() => setDisabling(null)}
          onConfirm={async () => {
            const { channel, reason } = disabling;
            const result = await requestJson("PATCH", `/api/admin/channels/${channel.id}`, { isEnabled: false, disabledReason: reason.trim() || t("disabledByOperator") });
            if (!result.ok) return result.message ?? tc("networkError");
            setDisabling(null);
            toast.show({ message: t("toast.disabled", { name: channel.name }) });
            router.refresh();
            return null;
          }}
        >
          <Field id="channel-disable-reason" label={t("disable.reason")}>
            <Input
              value={disabling.reason}
              onChange={(e) => setDisabling({ ...disabling, reason: e.target.value })}
              placeholder={t("disable.reasonPlaceholder")}
              maxLength={500}
              autoComplete="off"
            />
          </Field>
        </ConfirmDialog>
      )}

      {deleting && (
        <ConfirmDialog
          key={deleting.id}
          isOpen
          isDanger
          title={t("delete.title", { name: deleting.name })}
          description={t("delete.description")}
          confirmLabel={t("delete.confirm")}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            const result = await requestJson("DELETE", `/api/admin/channels/${deleting.id}`);
            if (!result.ok) return result.message ?? tc("networkError");
            setDeleting(null);
            if (openId === deleting.id) setOpenId(null);
            toast.show({ tone: "success", message: t("toast.deleted", { name: deleting.name }) });
            router.refresh();
            return null;
          }}
        />
      )}

      <Drawer isOpen={open !== null} onClose={() => setOpenId(null)} title={open?.name ?? ""}>
        {open && <ChannelDetails channel={open} test={tests[open.id] ?? null} isTesting={testing === open.id} onTest={(model) => void runTest(open, model)} format={format} />}
      </Drawer>
    </>
  );
}

function ChannelDetails({
  channel,
  test,
  isTesting,
  onTest,
  format,
}: {
  channel: AdminChannel;
  test: TestJson | null;
  isTesting: boolean;
  onTest: (model: string) => void;
  format: ChannelFormatters;
}) {
  const t = useTranslations("admin-channels");
  const [model, setModel] = useState(channel.models[0] ?? "");
  const state = stateOf(channel);
  const rows: [string, React.ReactNode][] = [
    [t("detail.type"), t(`types.${channel.type}`)],
    [t("detail.baseUrl"), <span key="u" className="break-all font-mono text-xs">{channel.baseUrl}</span>],
    [t("detail.secrets"), channel.secretHints.length ? channel.secretHints.join(", ") : t("detail.noSecrets")],
    [t("detail.routing"), t("routing", { priority: channel.priority, weight: channel.weight })],
    [t("detail.timeout"), format.duration(channel.timeoutMs)],
    [t("detail.costRatio"), format.percent(channel.costRatioPpm / 1_000_000)],
    [t("detail.responses"), channel.supportsResponses ? t("detail.yes") : t("detail.no")],
  ];
  return (
    <div className="space-y-6 text-sm" data-testid="channel-details">
      {state === "out" && channel.health.probeAt && (
        <Alert tone="danger" title={t("detail.outTitle")}>
          {t("detail.outBody", { reason: channel.health.lastError?.message ?? t("detail.unknownReason"), at: format.dateTime(channel.health.probeAt), relative: format.relative(channel.health.probeAt) })}
        </Alert>
      )}
      {state === "disabled" && <Alert tone="info" title={t("detail.disabledTitle")}>{channel.disabledReason ?? t("disabledByOperator")}</Alert>}
      <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-2">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
            <dd className="min-w-0 text-zinc-900 dark:text-zinc-100">{value}</dd>
          </div>
        ))}
      </dl>

      <section>
        <h3 className="mb-2 font-medium">{t("detail.models")}</h3>
        <ul className="space-y-1">
          {channel.models.map((m) => (
            <li key={m} className="font-mono text-xs">
              {m}
              {channel.modelMapping[m] && <span className="text-zinc-500 dark:text-zinc-400"> → {channel.modelMapping[m]}</span>}
            </li>
          ))}
        </ul>
      </section>

      <section className="grid grid-cols-2 gap-4">
        <div>
          <h3 className="mb-1 font-medium">{t("columns.health5")}</h3>
          <HealthCell health={channel.health.last5m} format={format} />
        </div>
        <div>
          <h3 className="mb-1 font-medium">{t("columns.health60")}</h3>
          <HealthCell health={channel.health.last60m} format={format} />
        </div>
      </section>
      <section>
        <h3 className="mb-1 font-medium">{t("detail.lastError")}</h3>
        {channel.health.lastError ? (
          <p className="break-words text-red-700 dark:text-red-400">
            {channel.health.lastError.message}
            {channel.health.lastError.at && <span className="text-zinc-500 dark:text-zinc-400"> · {format.relative(channel.health.lastError.at)}</span>}
          </p>
        ) : (
          <p className="text-zinc-500 dark:text-zinc-400">{t("detail.noErrors")}</p>
        )}
      </section>

      <section className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <h3 className="mb-1 font-medium">{t("test.title")}</h3>
        <p className="mb-3 text-xs text-zinc-500 dark:text-zinc-400">{t("test.description")}</p>
        <div className="flex gap-2">
          <label htmlFor="test-model" className="sr-only">
            {t("test.model")}
          </label>
          <select
            id="test-model"
            value={model}
            onChange={(event) => setModel(event.target.value)}
            className="h-9 min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          >
            {channel.models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          <Button size="sm" isLoading={isTesting} onClick={() => onTest(model)}>
            {t("test.button")}
          </Button>
        </div>
        {test && (
          <div className="mt-4 space-y-1" data-testid="channel-test-result" data-ok={test.isOk}>
            <div className="flex items-center gap-2">
              <Badge tone={test.isOk ? "success" : "danger"}>{test.isOk ? t("test.ok") : t("test.failed")}</Badge>
              <span className="tabular-nums text-zinc-700 dark:text-zinc-300" data-testid="channel-test-latency">
                {format.duration(test.latencyMs)}
              </span>
              {test.status !== null && <span className="text-xs text-zinc-500">HTTP {test.status}</span>}
            </div>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              {t("test.sent", { model: test.model, upstream: test.upstreamModel, secret: test.secretHint ?? "—" })}
            </p>
            {test.reply !== null && (
              <p className="rounded bg-zinc-100 px-2 py-1 font-mono text-xs dark:bg-zinc-800" data-testid="channel-test-reply">
                {test.reply || t("test.emptyReply")}
              </p>
            )}
            {test.usage && <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("test.usage", { input: test.usage.input.noCache + test.usage.input.cacheRead + test.usage.input.cacheWrite, output: test.usage.output.text + test.usage.output.reasoning })}</p>}
            {test.error && <p className="break-words text-xs text-red-700 dark:text-red-400">{test.error}</p>}
          </div>
        )}
      </section>
    </div>
  );
}
