"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { Input } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatUsd } from "@/lib/money";
import type { ModelPriceList, ModelPriceRow } from "@/lib/usage/list-model-prices";

const VENDOR_LABELS: Record<string, string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  google: "Google",
  deepseek: "DeepSeek",
  qwen: "Qwen",
  moonshot: "Moonshot",
  kimi: "Kimi",
  mistral: "Mistral",
  xai: "xAI",
  meta: "Meta",
};

function vendorLabel(vendor: string): string {
  return VENDOR_LABELS[vendor] ?? vendor.charAt(0).toUpperCase() + vendor.slice(1);
}

function price(value: string | null): string {
  return value === null ? "" : formatUsd(BigInt(value));
}

/** Models & pricing: search by name or id, filter by vendor; prices per 1M tokens. */
export function ModelsPageClient({ list, isSignedIn }: { list: ModelPriceList; isSignedIn: boolean }) {
  const t = useTranslations("models");
  const locale = useLocale();
  const [query, setQuery] = useState("");
  const [vendor, setVendor] = useState<string>("");
  const number = useMemo(() => new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 }), [locale]);
  const vendors = useMemo(() => [...new Set(list.models.map((m) => m.vendor))].sort(), [list.models]);
  const shown = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return list.models.filter(
      (m) => (!vendor || m.vendor === vendor) && (!needle || m.id.toLowerCase().includes(needle) || (m.displayName ?? "").toLowerCase().includes(needle)),
    );
  }, [list.models, query, vendor]);
  const isDiscounted = isSignedIn && list.multiplierPpm !== 1_000_000;

  const cacheCell = (model: ModelPriceRow, value: string | null) =>
    model.kind === "image" ? t("notApplicable") : value === null ? <span className="text-zinc-400">{t("sameAsInput")}</span> : price(value);

  return (
    <div>
      <div className="mb-8 max-w-3xl">
        <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 sm:text-4xl dark:text-white">{t("title")}</h1>
        <p className="mt-3 text-zinc-600 dark:text-zinc-400">{t("description")}</p>
        <p className="mt-2 text-sm text-zinc-500 dark:text-zinc-400" data-testid="price-basis">
          {isDiscounted ? t("yourPrices", { group: list.groupName ?? "", multiplier: (list.multiplierPpm / 1_000_000).toString() }) : t("listPrices")}
        </p>
      </div>

      <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-center">
        <label htmlFor="model-search" className="sr-only">
          {t("search")}
        </label>
        <Input id="model-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t("searchPlaceholder")} className="sm:max-w-72" />
        <div role="group" aria-label={t("vendor")} className="flex flex-wrap gap-1.5">
          {["", ...vendors].map((v) => (
            <button
              key={v || "all"}
              type="button"
              aria-pressed={vendor === v}
              onClick={() => setVendor(v)}
              className={cn(
                "rounded-full border px-3 py-1 text-xs font-medium transition-colors focus-visible:outline-2 focus-visible:outline-brand-500",
                vendor === v
                  ? "border-zinc-900 bg-zinc-900 text-white dark:border-white dark:bg-white dark:text-zinc-900"
                  : "border-zinc-300 text-zinc-600 hover:border-zinc-400 hover:text-zinc-900 dark:border-zinc-700 dark:text-zinc-400 dark:hover:text-white",
              )}
            >
              {v ? vendorLabel(v) : t("allVendors")}
            </button>
          ))}
        </div>
        <p className="text-xs text-zinc-500 sm:ml-auto dark:text-zinc-400" aria-live="polite">
          {t("count", { count: shown.length })}
        </p>
      </div>

      {list.models.length === 0 ? (
        <EmptyState icon={<Icon name="cube" />} title={t("empty.catalogTitle")} description={t("empty.catalogDescription")} />
      ) : shown.length === 0 ? (
        <EmptyState icon={<Icon name="cube" />} title={t("empty.title")} description={t("empty.description")} />
      ) : (
        <div data-testid="models-table">
        <ul className="space-y-3 sm:hidden" aria-label={t("title")}>
          {shown.map((model) => (
            <li key={model.id} className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900/60">
              <div className="flex items-start justify-between gap-2">
                <div className="min-w-0">
                  <p className="font-medium text-zinc-900 dark:text-zinc-100">
                    {model.displayName ?? model.id} {model.kind !== "chat" && <Badge tone="info">{t(`kinds.${model.kind}`)}</Badge>}
                  </p>
                  <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">
                    <code className="font-mono">{model.id}</code> · {vendorLabel(model.vendor)}
                  </p>
                </div>
                <CopyButton value={model.id} isIconOnly variant="ghost" label={t("copyId")} />
              </div>
              <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
                <div>
                  <dt className="text-xs text-zinc-500">{t("columns.input")}</dt>
                  <dd className="tabular-nums">{model.kind === "image" && model.perImage !== null ? t("perImage", { price: price(model.perImage) }) : price(model.inputPerM)}</dd>
                </div>
                <div>
                  <dt className="text-xs text-zinc-500">{t("columns.output")}</dt>
                  <dd className="tabular-nums">{model.kind === "embedding" ? t("notApplicable") : price(model.outputPerM)}</dd>
                </div>
                <div>
                  <dt className="text-xs text-zinc-500">{t("columns.cacheRead")}</dt>
                  <dd className="tabular-nums">{cacheCell(model, model.cacheReadPerM)}</dd>
                </div>
                <div>
                  <dt className="text-xs text-zinc-500">{t("columns.context")}</dt>
                  <dd className="tabular-nums">{number.format(model.contextWindow)}</dd>
                </div>
              </dl>
              <p className="mt-2 text-xs text-zinc-500">{t("perMillion")}</p>
              <div className="mt-2 flex flex-wrap gap-1">
                {model.modalities.map((modality) => (
                  <Badge key={modality}>{["text", "image", "audio", "video"].includes(modality) ? t(`modalityNames.${modality as "text"}`) : modality}</Badge>
                ))}
              </div>
            </li>
          ))}
        </ul>
        <div className="hidden sm:block">
        <Table>
          <caption className="sr-only">{t("title")}</caption>
          <THead>
            <tr>
              <TH>{t("columns.model")}</TH>
              <TH className="text-right">
                {t("columns.input")}
                <span className="block text-[10px] font-normal normal-case">{t("perMillion")}</span>
              </TH>
              <TH className="text-right">
                {t("columns.output")}
                <span className="block text-[10px] font-normal normal-case">{t("perMillion")}</span>
              </TH>
              <TH className="text-right">{t("columns.cacheRead")}</TH>
              <TH className="text-right">{t("columns.cacheWrite")}</TH>
              <TH className="text-right">{t("columns.context")}</TH>
              <TH>{t("columns.modalities")}</TH>
            </tr>
          </THead>
          <TBody>
            {shown.map((model) => (
              <TR key={model.id} data-model={model.id}>
                <TD>
                  <div className="flex items-center gap-2">
                    <div className="min-w-0">
                      <div className="flex items-center gap-2">
                        <span className="font-medium whitespace-nowrap text-zinc-900 dark:text-zinc-100">{model.displayName ?? model.id}</span>
                        {model.kind !== "chat" && <Badge tone="info">{t(`kinds.${model.kind}`)}</Badge>}
                      </div>
                      <div className="flex items-center gap-1 text-xs text-zinc-500 dark:text-zinc-400">
                        <code className="font-mono">{model.id}</code>
                        <span aria-hidden>·</span>
                        <span>{vendorLabel(model.vendor)}</span>
                      </div>
                    </div>
                    <CopyButton value={model.id} isIconOnly variant="ghost" label={t("copyId")} />
                  </div>
                </TD>
                <TD className="text-right whitespace-nowrap tabular-nums" data-price="input">
                  {model.kind === "image" && model.perImage !== null ? (
                    <>
                      {price(model.inputPerM)}
                      <span className="block text-xs text-zinc-500">{t("perImage", { price: price(model.perImage) })}</span>
                    </>
                  ) : (
                    price(model.inputPerM)
                  )}
                </TD>
                <TD className="text-right whitespace-nowrap tabular-nums" data-price="output">
                  {model.kind === "embedding" ? t("notApplicable") : price(model.outputPerM)}
                </TD>
                <TD className="text-right whitespace-nowrap tabular-nums">{cacheCell(model, model.cacheReadPerM)}</TD>
                <TD className="text-right whitespace-nowrap tabular-nums">{cacheCell(model, model.cacheWritePerM)}</TD>
                <TD className="text-right whitespace-nowrap tabular-nums">
                  {number.format(model.contextWindow)}
                  {model.maxOutputTokens > 0 && <span className="block text-xs text-zinc-500">{t("maxOutput", { count: number.format(model.maxOutputTokens) })}</span>}
                </TD>
                <TD className="min-w-44">
                  <div className="flex flex-wrap gap-1">
                    {model.modalities.map((modality) => (
                      <Badge key={modality}>{["text", "image", "audio", "video"].includes(modality) ? t(`modalityNames.${modality as "text"}`) : modality}</Badge>
                    ))}
                  </div>
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
        </div>
        </div>
      )}

      <section className="mt-10 grid gap-6 rounded-xl border border-zinc-200 p-6 sm:grid-cols-[1fr_auto] dark:border-zinc-800">
        <div>
          <h2 className="text-base font-semibold text-zinc-900 dark:text-zinc-100">{t("notes.title")}</h2>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-zinc-600 dark:text-zinc-400">
            <li>{t("notes.usage")}</li>
            <li>{t("notes.prepaid")}</li>
            <li>{t("notes.sameList")}</li>
          </ul>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          <Link href={isSignedIn ? "/keys" : "/signup"} className={buttonClasses({})}>
            {isSignedIn ? t("cta.console") : t("cta.signUp")}
          </Link>
          <Link href="/docs" className={buttonClasses({ variant: "outline" })}>
            {t("cta.guides")}
          </Link>
        </div>
      </section>
    </div>
  );
}
