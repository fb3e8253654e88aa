"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { formatUsd, formatUsdTick } from "@/lib/money";

/** One series of a stacked chart (a key or a model) with its colour. */
export type ChartSeries = { id: string; label: string; color: string };
/** One bar: its label on the axis, a longer label for the tooltip, and one value per series. */
export type ChartBucket = { label: string; title: string; values: Record<string, number>; micros?: Record<string, string> };

/** Colours that read in light and dark; the last is for "other". */
export const SERIES_COLORS = ["#337dff", "#10b981", "#f59e0b", "#8b5cf6", "#ec4899", "#06b6d4"];
export const OTHER_COLOR = "#a1a1aa";

type Datum = { label: string; title: string } & Record<string, number | string>;

function ChartTooltip({
  active,
  payload,
  series,
  metric,
  totalLabel,
  formatNumber,
}: {
  active?: boolean;
  payload?: TooltipContentProps<number, string>["payload"];
  series: ChartSeries[];
  metric: "spend" | "tokens";
  totalLabel: string;
  formatNumber: (value: number) => string;
}) {
  if (!active || !payload || payload.length === 0) return null;
  const datum = payload[0].payload as Datum;
  const valueOf = (id: string): string => {
    if (metric === "spend") return formatUsd(BigInt(String(datum[`m:${id}`] ?? "0")));
    return formatNumber(Number(datum[id] ?? 0));
  };
  const total =
    metric === "spend"
      ? formatUsd(series.reduce((sum, s) => sum + BigInt(String(datum[`m:${s.id}`] ?? "0")), 0n))
      : formatNumber(series.reduce((sum, s) => sum + Number(datum[s.id] ?? 0), 0));
  return (
    <div className="min-w-44 rounded-lg border border-zinc-200 bg-white px-3 py-2 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
      <p className="mb-1.5 font-medium text-zinc-900 dark:text-zinc-100">{datum.title}</p>
      <ul className="space-y-1">
        {[...series].reverse().map((s) =>
          Number(datum[s.id] ?? 0) > 0 ? (
            <li key={s.id} className="flex items-center justify-between gap-4">
              <span className="flex min-w-0 items-center gap-1.5 text-zinc-600 dark:text-zinc-300">
                <span className="size-2 shrink-0 rounded-sm" style={{ background: s.color }} />
                <span className="truncate">{s.label}</span>
              </span>
              <span className="tabular-nums text-zinc-900 dark:text-zinc-100">{valueOf(s.id)}</span>
            </li>
          ) : null,
        )}
      </ul>
      <p className="mt-1.5 flex justify-between gap-4 border-t border-zinc-100 pt-1.5 font-medium dark:border-zinc-800">
        <span>{totalLabel}</span>
        <span className="tabular-nums">{total}</span>
      </p>
    </div>
  );
}

/**
 * A stacked bar chart of spend (micro-units, shown as USD) or tokens per period, one colour per key or model.
 * The figure is described for screen readers by `summary`; the numbers are also in a visually hidden table.
 */
export function UsageBarChart({
  buckets,
  series,
  metric,
  summary,
  totalLabel,
  formatNumber,
  formatCompact,
  height = 280,
}: {
  buckets: ChartBucket[];
  series: ChartSeries[];
  metric: "spend" | "tokens";
  summary: string;
  totalLabel: string;
  formatNumber: (value: number) => string;
  formatCompact: (value: number) => string;
  height?: number;
}) {
  const data: Datum[] = buckets.map((bucket) => {
    const datum: Datum = { label: bucket.label, title: bucket.title };
    for (const s of series) {
      datum[s.id] = bucket.values[s.id] ?? 0;
      if (bucket.micros) datum[`m:${s.id}`] = bucket.micros[s.id] ?? "0";
    }
    return datum;
  });
  const tickFormatter = (value: number) => (metric === "spend" ? formatUsdTick(value, formatCompact) : formatCompact(value));
  return (
    <figure className="relative min-w-0 text-zinc-500 dark:text-zinc-400" data-testid="usage-chart">
      <div role="img" aria-label={summary}>
        <BarChart responsive data={data} style={{ width: "100%", height }} margin={{ top: 8, right: 4, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
          <XAxis dataKey="label" tickLine={false} axisLine={false} tick={{ fill: "currentColor", fontSize: 11 }} minTickGap={12} />
          <YAxis tickLine={false} axisLine={false} tick={{ fill: "currentColor", fontSize: 11 }} tickFormatter={tickFormatter} width="auto" niceTicks="snap125" allowDecimals={metric === "spend"} />
          <Tooltip
            cursor={{ fill: "currentColor", fillOpacity: 0.06 }}
            content={({ active, payload }) => <ChartTooltip active={active} payload={payload as TooltipContentProps<number, string>["payload"]} series={series} metric={metric} totalLabel={totalLabel} formatNumber={formatNumber} />}
          />
          {series.map((s, index) => (
            <Bar key={s.id} dataKey={s.id} name={s.label} stackId="usage" fill={s.color} radius={index === series.length - 1 ? [3, 3, 0, 0] : 0} maxBarSize={40} isAnimationActive={false} />
          ))}
        </BarChart>
      </div>
      <figcaption className="mt-3 flex flex-wrap gap-x-4 gap-y-1.5 text-xs">
        {[...series].reverse().map((s) => (
          <span key={s.id} className="inline-flex items-center gap-1.5 text-zinc-600 dark:text-zinc-300">
            <span className="size-2.5 rounded-sm" style={{ background: s.color }} aria-hidden />
            {s.label}
          </span>
        ))}
      </figcaption>
      {/* a table can outgrow sr-only's 1px box, so the wrapper hides it */}
      <div className="sr-only">
      <table>
        <caption>{summary}</caption>
        <thead>
          <tr>
            <th scope="col">{totalLabel}</th>
            {series.map((s) => (
              <th key={s.id} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {buckets.map((bucket) => (
            <tr key={bucket.title}>
              <th scope="row">{bucket.title}</th>
              {series.map((s) => (
                <td key={s.id}>{metric === "spend" ? formatUsd(BigInt(bucket.micros?.[s.id] ?? "0")) : formatNumber(bucket.values[s.id] ?? 0)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}
