"use client";

import { Bar, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";

export type RevenuePoint = { label: string; title: string; revenue: number; upstream: number; margin: number };

/**
 * Revenue against upstream cost per day (bars side by side) with the margin as a line. Values are USD as numbers
 * for the axes only; the tooltip shows the exact amounts it is given.
 */
export function RevenueChart({
  points,
  labels,
  formatUsd,
  summary,
  height = 300,
}: {
  points: (RevenuePoint & { exact: { revenue: string; upstream: string; margin: string } })[];
  labels: { revenue: string; upstream: string; margin: string };
  formatUsd: (value: number) => string;
  summary: string;
  height?: number;
}) {
  const colors = { revenue: "#337dff", upstream: "#f59e0b", margin: "#10b981" };
  return (
    <figure className="text-zinc-500 dark:text-zinc-400" data-testid="revenue-chart">
      <div role="img" aria-label={summary}>
        <ComposedChart responsive data={points} style={{ width: "100%", height }} margin={{ top: 8, right: 4, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
          <XAxis dataKey="label" tickLine={false} axisLine={false} tick={{ fill: "currentColor", fontSize: 11 }} minTickGap={12} />
          <YAxis tickLine={false} axisLine={false} tick={{ fill: "currentColor", fontSize: 11 }} tickFormatter={formatUsd} width="auto" niceTicks="snap125" />
          <Tooltip
            cursor={{ fill: "currentColor", fillOpacity: 0.06 }}
            content={({ active, payload }) => {
              if (!active || !payload?.length) return null;
              const point = payload[0].payload as (typeof points)[number];
              return (
                <div className="min-w-44 rounded-lg border border-zinc-200 bg-white px-3 py-2 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
                  <p className="mb-1.5 font-medium text-zinc-900 dark:text-zinc-100">{point.title}</p>
                  {(["revenue", "upstream", "margin"] as const).map((key) => (
                    <p key={key} className="flex justify-between gap-4">
                      <span className="flex items-center gap-1.5 text-zinc-600 dark:text-zinc-300">
                        <span className="size-2 rounded-sm" style={{ background: colors[key] }} />
                        {labels[key]}
                      </span>
                      <span className="tabular-nums text-zinc-900 dark:text-zinc-100">{point.exact[key]}</span>
                    </p>
                  ))}
                </div>
              );
            }}
          />
          <Bar dataKey="revenue" name={labels.revenue} fill={colors.revenue} radius={[3, 3, 0, 0]} maxBarSize={18} isAnimationActive={false} />
          <Bar dataKey="upstream" name={labels.upstream} fill={colors.upstream} radius={[3, 3, 0, 0]} maxBarSize={18} isAnimationActive={false} />
          <Line dataKey="margin" name={labels.margin} stroke={colors.margin} strokeWidth={2} dot={false} isAnimationActive={false} />
        </ComposedChart>
      </div>
      <figcaption className="mt-3 flex flex-wrap gap-x-4 gap-y-1.5 text-xs">
        {(["revenue", "upstream", "margin"] as const).map((key) => (
          <span key={key} className="inline-flex items-center gap-1.5 text-zinc-600 dark:text-zinc-300">
            <span className="size-2.5 rounded-sm" style={{ background: colors[key] }} aria-hidden />
            {labels[key]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
