import { cn } from "@/components/ui/cn";
import type { StatusBucket } from "@/lib/admin/service-status";

/** The colour of one period: green when (nearly) everything succeeded, amber for some failures, red for many. */
export function availabilityTone(availability: number | null): string {
  if (availability === null) return "bg-zinc-200 dark:bg-zinc-800";
  if (availability >= 0.99) return "bg-emerald-500";
  if (availability >= 0.95) return "bg-amber-400";
  return "bg-red-500";
}

/** "99.95%" with as many decimals as it takes to not round a failure away; null → "—". */
export function availabilityText(availability: number | null): string {
  if (availability === null) return "—";
  if (availability === 1) return "100%";
  const percent = Math.floor(availability * 10_000) / 100;
  return `${percent.toFixed(2)}%`;
}

/**
 * One thin bar per period (hour or day), coloured by availability, each with its figures as a tooltip and for
 * screen readers. A period without traffic is grey.
 */
export function AvailabilityBars({ buckets, describe, label, className }: { buckets: StatusBucket[]; describe: (bucket: StatusBucket) => string; label: string; className?: string }) {
  return (
    <ol aria-label={label} className={cn("flex h-8 items-stretch gap-[2px]", className)}>
      {buckets.map((bucket) => (
        <li key={bucket.start} title={describe(bucket)} className={cn("min-w-[3px] flex-1 rounded-[2px]", availabilityTone(bucket.availability))}>
          <span className="sr-only">{describe(bucket)}</span>
        </li>
      ))}
    </ol>
  );
}
