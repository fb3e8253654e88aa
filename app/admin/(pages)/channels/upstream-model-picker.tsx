"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { requestJson } from "@/components/data-table/request-json";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";

/** What to list: a saved channel, or the form's type, URL and first key; a string is why it cannot be listed yet. */
export type ModelSource = { channelId: string } | { type: string; baseUrl: string; secret: string } | string;

/**
 * "Fetch from upstream" under the channel form's model list: asks the upstream for the models it lists and shows
 * them as toggles that add or remove each id in the form's list (filterable; "Add all shown").
 */
export function UpstreamModelPicker({ source, selected, onChange }: { source: () => ModelSource; selected: string[]; onChange: (models: string[]) => void }) {
  const t = useTranslations("admin-channels.form.upstream");
  const tc = useTranslations("common");
  const [listed, setListed] = useState<string[] | null>(null);
  const [filter, setFilter] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(false);

  const fetchModels = async () => {
    const from = source();
    setError(null);
    if (typeof from === "string") return setError(from);
    setIsLoading(true);
    const result = await requestJson<{ models: string[] }>("POST", "/api/admin/channels/models", from);
    setIsLoading(false);
    if (!result.ok) return setError(result.message ?? Object.values(result.fieldErrors)[0] ?? tc("networkError"));
    setListed(result.data.models);
    setFilter("");
  };

  const needle = filter.trim().toLowerCase();
  const shown = (listed ?? []).filter((id) => id.toLowerCase().includes(needle));
  const toggle = (id: string) => onChange(selected.includes(id) ? selected.filter((model) => model !== id) : [...selected, id]);

  return (
    <div className="space-y-2" data-testid="upstream-models">
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="outline" size="sm" onClick={fetchModels} isLoading={isLoading}>
          {listed ? t("refetch") : t("fetch")}
        </Button>
        {listed && <span className="text-xs text-zinc-500 dark:text-zinc-400">{t("count", { count: listed.length })}</span>}
      </div>
      {error && <Alert tone="danger">{error}</Alert>}
      {listed && listed.length > 0 && (
        <div className="rounded-md border border-zinc-200 p-2 dark:border-zinc-700">
          <div className="mb-2 flex items-center gap-2">
            <Input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t("filter")} aria-label={t("filter")} className="h-8 text-xs" />
            <Button variant="ghost" size="sm" onClick={() => onChange([...new Set([...selected, ...shown])])} disabled={shown.every((id) => selected.includes(id))}>
              {t("addShown")}
            </Button>
          </div>
          <ul className="flex max-h-40 flex-wrap gap-1.5 overflow-y-auto" aria-label={t("listLabel")}>
            {shown.map((id) => {
              const isOn = selected.includes(id);
              return (
                <li key={id}>
                  <button
                    type="button"
                    aria-pressed={isOn}
                    onClick={() => toggle(id)}
                    className={cn(
                      "rounded-full border px-2 py-0.5 font-mono text-xs focus-visible:outline-2 focus-visible:outline-brand-500",
                      isOn
                        ? "border-brand-500 bg-brand-50 text-brand-700 dark:bg-brand-500/15 dark:text-brand-300"
                        : "border-zinc-200 text-zinc-700 hover:border-zinc-400 dark:border-zinc-700 dark:text-zinc-300",
                    )}
                  >
                    {isOn ? "✓ " : "+ "}
                    {id}
                  </button>
                </li>
              );
            })}
            {shown.length === 0 && <li className="text-xs text-zinc-500">{t("noMatch")}</li>}
          </ul>
        </div>
      )}
    </div>
  );
}
