"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { formatUsd } from "@/lib/money";

export type SpendPoint = { label: string; title: string; micros: string };

/** Micro-units on the axis as dollars with as many decimals as small amounts need ($0.0002, not $0). */
function axisUsd(value: number): string {
  return formatUsd(BigInt(Math.round(value)), { minDecimals: 0 });
}

/** Daily spend as bars, exact amounts in the tooltip; described for screen readers by `summary`. */
export function SpendChart({ points, label, summary, height = 220 }: { points: SpendPoint[]; label: string; summary: string; height?: number }) {
  const data = points.map((p) => ({ ...p, value: Number(p.micros) }));
  return (
    <figure className="overflow-hidden text-zinc-500 dark:text-zinc-400" data-testid="spend-chart">
      <div role="img" aria-label={summary}>
        <BarChart responsive data={data} style={{ width: "100%", height }} margin={{ top: 8, right: 4, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
          <XAxis dataKey="label" tickLine={false} axisLine={false} tick={{ fill: "currentColor", fontSize: 11 }} minTickGap={12} />
          <YAxis tickLine={false} axisLine={false} tick={{ fill: "currentColor", fontSize: 11 }} tickFormatter={axisUsd} width="auto" niceTicks="snap125" />
          <Tooltip
            cursor={{ fill: "currentColor", fillOpacity: 0.06 }}
            content={({ active, payload }) => {
              if (!active || !payload?.length) return null;
              const point = payload[0].payload as (typeof data)[number];
              return (
                <div className="rounded-lg border border-zinc-200 bg-white px-3 py-2 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
                  <p className="font-medium text-zinc-900 dark:text-zinc-100">{point.title}</p>
                  <p className="mt-1 flex justify-between gap-4">
                    <span>{label}</span>
                    <span className="tabular-nums text-zinc-900 dark:text-zinc-100">{formatUsd(BigInt(point.micros))}</span>
                  </p>
                </div>
              );
            }}
          />
          <Bar dataKey="value" name={label} fill="#337dff" radius={[3, 3, 0, 0]} maxBarSize={28} isAnimationActive={false} />
        </BarChart>
      </div>
    </figure>
  );
}
