import { cn } from "./cn";

/** One figure with its label, e.g. a balance or a count; `hint` is a smaller line below. */
export function Stat({
  label,
  value,
  hint,
  className,
  ...props
}: {
  label: React.ReactNode;
  value: React.ReactNode;
  hint?: React.ReactNode;
  className?: string;
} & Omit<React.HTMLAttributes<HTMLDivElement>, "children">) {
  return (
    <div className={cn("min-w-0", className)} {...props}>
      <dt className="truncate text-sm text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900 tabular-nums dark:text-zinc-50">{value}</dd>
      {hint && <dd className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{hint}</dd>}
    </div>
  );
}
